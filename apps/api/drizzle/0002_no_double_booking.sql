-- No double booking, enforced by the database so it holds under concurrency:
-- two active (booked or arrived) appointments of one practitioner, or of one patient, never overlap.
-- Ranges are half-open, so back-to-back appointments (09:00-09:30, 09:30-10:00) are allowed.
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_practitioner_no_overlap"
  EXCLUDE USING gist ("practitioner_id" WITH =, tstzrange("start_at", "end_at", '[)') WITH &&)
  WHERE ("status" IN ('booked', 'arrived') AND "deleted_at" IS NULL);--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_patient_no_overlap"
  EXCLUDE USING gist ("patient_id" WITH =, tstzrange("start_at", "end_at", '[)') WITH &&)
  WHERE ("status" IN ('booked', 'arrived') AND "deleted_at" IS NULL);
