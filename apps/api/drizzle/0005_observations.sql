CREATE TABLE "observations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"patient_id" uuid NOT NULL,
	"code" text NOT NULL,
	"system" text NOT NULL,
	"value_number" double precision,
	"value_text" text,
	"value_boolean" boolean,
	"unit" text,
	"canonical_value" double precision,
	"canonical_unit" text,
	"effective_at" timestamp with time zone NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "observations_patient_code_time_idx" ON "observations" USING btree ("patient_id","code","effective_at");