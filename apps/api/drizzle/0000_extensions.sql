-- btree_gist lets an exclusion constraint compare uuids with =; pg_trgm powers fuzzy name search.
CREATE EXTENSION IF NOT EXISTS btree_gist;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm;
