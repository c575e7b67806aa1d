DROP INDEX `claims_actor_said_idx`;--> statement-breakpoint
DROP INDEX `claims_said_idx`;--> statement-breakpoint
CREATE INDEX `claims_actor_said_idx` ON `claims` (`actor_id`,`said_on_lo`,`id`,`said_on_hi`);--> statement-breakpoint
CREATE INDEX `claims_said_idx` ON `claims` (`said_on_lo`,`id`,`said_on_hi`);