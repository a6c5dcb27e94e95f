ALTER TABLE "regrade" ADD COLUMN "review" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "regrade" ADD COLUMN "decision" text;--> statement-breakpoint
ALTER TABLE "regrade" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "regrade" ADD COLUMN "decided_by" text;--> statement-breakpoint
ALTER TABLE "regrade" ADD CONSTRAINT "regrade_decided_by_user_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;