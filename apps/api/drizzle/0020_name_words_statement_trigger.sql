-- A bulk insert of patients (the import, issue 18) indexes their name words once per statement, not once per
-- row: 0010's row-level trigger ran two INSERTs and three word splits for every patient (docs/decisions/126).
-- PostgreSQL allows a transition table only on a single-event trigger, so INSERT and UPDATE part ways here:
-- inserts by statement over the NEW TABLE, updates still by row (a name change re-indexes that patient, a
-- soft delete drops its words, a restore brings them back: 0010's function, whose UPDATE branch is kept).
-- The insert trigger keeps 0010's name, which bench/seed.ts disables around its bulk load.
CREATE FUNCTION patient_name_tokens_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH named AS (
    SELECT n.id, n.sort_name, patient_name_words(n.search_name) AS words,
      patient_name_words_text(n.search_name) AS words_text
    FROM inserted_patients n WHERE n.deleted_at IS NULL
  ), tokens AS (
    INSERT INTO patient_name_tokens (token, patient_id, sort_name, words)
      SELECT w, named.id, named.sort_name, named.words_text FROM named, unnest(named.words) AS w
  )
  -- Sorted, so two imports adding the same new words at once take their locks in one order.
  INSERT INTO patient_name_vocabulary (token)
    SELECT DISTINCT w FROM named, unnest(named.words) AS w ORDER BY w
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;--> statement-breakpoint
DROP TRIGGER patients_name_tokens ON patients;--> statement-breakpoint
CREATE TRIGGER patients_name_tokens AFTER INSERT ON patients
  REFERENCING NEW TABLE AS inserted_patients
  FOR EACH STATEMENT EXECUTE FUNCTION patient_name_tokens_insert();--> statement-breakpoint
CREATE TRIGGER patients_name_tokens_update AFTER UPDATE ON patients
  FOR EACH ROW EXECUTE FUNCTION patient_name_tokens_sync();
