// Vitest's global setup: builds the whosaid command (`npm run build`, dist/cli.js) once before the suite, so that the
// tests that run the command run what `npm start` and `npx whosaid` run: the bundle, not the sources.
import { execFileSync } from 'node:child_process';

export default function build(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
}
