CREATE TABLE "fhir_exports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"requested_by" uuid NOT NULL,
	"requested_role" text NOT NULL,
	"request_ip" text NOT NULL,
	"request_url" text NOT NULL,
	"types" text[] NOT NULL,
	"state" text DEFAULT 'accepted' NOT NULL,
	"output" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	CONSTRAINT "fhir_exports_state_check" CHECK ("fhir_exports"."state" in ('accepted', 'running', 'completed', 'failed'))
);
--> statement-breakpoint
CREATE INDEX "fhir_exports_pending_idx" ON "fhir_exports" USING btree ("state");