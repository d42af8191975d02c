DROP INDEX "patients_search_name_trgm_idx";--> statement-breakpoint
DROP INDEX "patients_phone_digits_trgm_idx";