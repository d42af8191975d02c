-- Scheduling (issue 17): the no-double-booking guarantee now keeps each appointment's buffer free too.
-- A practitioner is held from start_at until buffer_end_at (end_at + the type's buffer; end_at when
-- there is none), so a booking into the time kept free after another is refused by the database,
-- under concurrency, exactly as an overlap is. The patient's own rule (0002) is unchanged.
ALTER TABLE "appointments" DROP CONSTRAINT "appointments_practitioner_no_overlap";--> statement-breakpoint
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_practitioner_no_overlap"
  EXCLUDE USING gist ("practitioner_id" WITH =, tstzrange("start_at", coalesce("buffer_end_at", "end_at"), '[)') WITH &&)
  WHERE ("status" IN ('booked', 'arrived') AND "deleted_at" IS NULL);--> statement-breakpoint
-- A cancellation keeps when it happened (the undo window and the record of it), and only a cancelled
-- appointment has a reason for one.
ALTER TABLE "appointments" ADD CONSTRAINT "appointments_cancelled_fields"
  CHECK ("status" = 'cancelled' OR ("cancelled_at" IS NULL AND "cancellation_reason" IS NULL));--> statement-breakpoint
-- The appointment service owns appointment types; the patients service never reads them.
GRANT SELECT, INSERT, UPDATE, DELETE ON appointment_types TO medicare_appointments;
