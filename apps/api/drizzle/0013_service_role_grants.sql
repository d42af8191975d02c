-- One PostgreSQL role per service (least privilege inside the database, issue 16). core runs the migrations
-- and owns every table; patients and appointments log in as their own roles and get only their own tables,
-- plus the few rows every service writes (its audit events, session touches, idempotency keys).
-- On AWS the login roles already exist (infra's database-roles function creates them with their passwords
-- before the first migration); locally and in tests they are created here, without LOGIN.
-- A new table grants nothing to anyone until a migration says which service owns it.
DO $$
DECLARE
  r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['medicare_patients', 'medicare_appointments'] LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
      BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', r);
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL; -- another database of this server created it at the same moment
      END;
    END IF;
  END LOOP;
END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO medicare_patients, medicare_appointments;--> statement-breakpoint
-- Every service: its own audit events (append-only; an audited read returns the new event's id, nothing
-- else), touching its caller's session, idempotency keys.
GRANT INSERT, SELECT (id) ON audit_events TO medicare_patients, medicare_appointments;--> statement-breakpoint
GRANT SELECT, UPDATE ON sessions TO medicare_patients, medicare_appointments;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO medicare_patients, medicare_appointments;--> statement-breakpoint
-- patients: records, observations, documents; hides a deleted patient's appointments (soft delete).
GRANT SELECT, INSERT, UPDATE, DELETE ON patients, observations, documents, document_chunks TO medicare_patients;--> statement-breakpoint
GRANT USAGE ON SEQUENCE patient_mrn_seq TO medicare_patients;--> statement-breakpoint
GRANT SELECT, UPDATE ON appointments TO medicare_patients;--> statement-breakpoint
-- appointments: appointments and practitioners; reads the patient it books for, and locks the row
-- (SELECT ... FOR KEY SHARE needs UPDATE on one column: updated_at, the least useful to change).
GRANT SELECT, INSERT, UPDATE, DELETE ON appointments, practitioners TO medicare_appointments;--> statement-breakpoint
GRANT SELECT, UPDATE (updated_at) ON patients TO medicare_appointments;
--> statement-breakpoint
-- patients: the word index of patient names that its trigger keeps (search), and document embeddings.
GRANT SELECT, INSERT, UPDATE, DELETE ON patient_name_tokens, patient_name_vocabulary, document_chunk_embeddings TO medicare_patients;
