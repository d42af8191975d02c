-- pgvector where this server has it (Aurora PostgreSQL 15+ does; Debian's PostgreSQL 15 without the
-- postgresql-15-pgvector package and PGlite 0.5 do not). Without it, or without the privilege to
-- create it, nothing fails: the assistant ranks embeddings with a plain SQL dot product instead.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
    CREATE EXTENSION IF NOT EXISTS vector;
  END IF;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pgvector not enabled: %', SQLERRM;
END
$$;
