-- Patient search that scales with the index, not the table (docs/decisions/065-patient-search-by-word-index.md).
-- The words of a folded name ("maria-jose o'neil" → maria, jose, mariajose, o, neil, oneil), sorted, distinct.
CREATE FUNCTION patient_name_words(name text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT w ORDER BY w), '{}') FROM (
    SELECT regexp_split_to_table(name, '[\s''-]+') AS w
    UNION ALL
    SELECT regexp_replace(x, '[''-]+', '', 'g') FROM regexp_split_to_table(name, '\s+') AS x
  ) s WHERE w <> ''
$$;--> statement-breakpoint
-- " maria jose mariajose neil o oneil ": a word prefix p matches when this contains ' ' || p.
CREATE FUNCTION patient_name_words_text(name text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT ' ' || array_to_string(patient_name_words(name), ' ') || ' '
$$;--> statement-breakpoint
-- One row per word of each live patient's name, read in (token, sort_name) order by prefix ranges.
CREATE TABLE patient_name_tokens (
  token text COLLATE "C" NOT NULL,
  patient_id uuid NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
  sort_name text COLLATE "C" NOT NULL,
  words text NOT NULL,
  PRIMARY KEY (patient_id, token)
);--> statement-breakpoint
CREATE INDEX patient_name_tokens_prefix_idx ON patient_name_tokens (token, sort_name, patient_id) INCLUDE (words);--> statement-breakpoint
-- Every word ever seen in a name: misspellings are matched against these few thousand words, not every patient.
CREATE TABLE patient_name_vocabulary (token text COLLATE "C" PRIMARY KEY);--> statement-breakpoint
CREATE INDEX patient_name_vocabulary_trgm_idx ON patient_name_vocabulary USING gin (token gin_trgm_ops);--> statement-breakpoint
CREATE FUNCTION patient_name_tokens_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF new.search_name IS NOT DISTINCT FROM old.search_name AND new.sort_name IS NOT DISTINCT FROM old.sort_name
       AND (new.deleted_at IS NULL) = (old.deleted_at IS NULL) THEN
      RETURN NULL;
    END IF;
    DELETE FROM patient_name_tokens WHERE patient_id = old.id;
  END IF;
  IF new.deleted_at IS NULL THEN
    INSERT INTO patient_name_tokens (token, patient_id, sort_name, words)
      SELECT w, new.id, new.sort_name, patient_name_words_text(new.search_name)
      FROM unnest(patient_name_words(new.search_name)) AS w;
    INSERT INTO patient_name_vocabulary (token)
      SELECT w FROM unnest(patient_name_words(new.search_name)) AS w
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER patients_name_tokens AFTER INSERT OR UPDATE ON patients
  FOR EACH ROW EXECUTE FUNCTION patient_name_tokens_sync();--> statement-breakpoint
INSERT INTO patient_name_tokens (token, patient_id, sort_name, words)
  SELECT w, p.id, p.sort_name, patient_name_words_text(p.search_name)
  FROM patients p, unnest(patient_name_words(p.search_name)) AS w
  WHERE p.deleted_at IS NULL;--> statement-breakpoint
INSERT INTO patient_name_vocabulary (token) SELECT DISTINCT token FROM patient_name_tokens ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Prefix ranges on phone digits (and their reverse, for a number typed without its country code), e-mail and
-- MRN, and the birth date in list order: each read in index order and cut by LIMIT.
CREATE INDEX patients_birth_sort_idx ON patients (birth_date, (sort_name COLLATE "C"), id) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX patients_phone_prefix_idx ON patients ((phone_digits COLLATE "C")) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX patients_phone_suffix_idx ON patients ((reverse(phone_digits) COLLATE "C")) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX patients_email_prefix_idx ON patients ((lower(email) COLLATE "C")) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX patients_mrn_prefix_idx ON patients ((mrn COLLATE "C"));
