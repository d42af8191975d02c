CREATE TABLE "import_records" (
	"source" text NOT NULL,
	"source_table" text NOT NULL,
	"source_id" text NOT NULL,
	"target_id" uuid NOT NULL,
	"hash" text NOT NULL,
	"run_id" uuid NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_records_source_source_table_source_id_pk" PRIMARY KEY("source","source_table","source_id")
);
--> statement-breakpoint
CREATE TABLE "import_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"kind" text NOT NULL,
	"operator_id" uuid,
	"dry_run" boolean NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"report" jsonb
);
--> statement-breakpoint
CREATE TABLE "import_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"created_by" uuid NOT NULL,
	"file_name" text,
	"sha256" text NOT NULL,
	"content" text NOT NULL,
	"columns" jsonb NOT NULL,
	"row_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_run_id" uuid,
	"rejected_csv" text
);
--> statement-breakpoint
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
ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_action_check";--> statement-breakpoint
CREATE INDEX "import_records_target_idx" ON "import_records" USING btree ("target_id");--> statement-breakpoint
CREATE INDEX "fhir_exports_pending_idx" ON "fhir_exports" USING btree ("state");--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_action_check" CHECK ("audit_events"."action" in ('read', 'search', 'create', 'update', 'delete', 'login', 'login_failed', 'logout', 'denied', 'import'));