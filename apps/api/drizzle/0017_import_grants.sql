-- Imports (issue 18) belong to core: the CSV routes are core's, and the SQLite migration runs as the owner
-- that migrates. Following 0013, a new table grants nothing until a migration says who may use it: the
-- patients and appointments service roles get no access to the import tables, said here explicitly.
REVOKE ALL ON import_runs, import_records, import_uploads FROM medicare_patients, medicare_appointments;
