// Files that ship with the project (migrations, demo data), found from this module's location.
import { fileURLToPath } from 'node:url';

// This file is src/paths.ts when run from source and dist/paths.js when built: one level below the root.
const root = fileURLToPath(new URL('..', import.meta.url));

export function projectPath(...parts: string[]): string {
  return [root.replace(/\/$/, ''), ...parts].join('/');
}
