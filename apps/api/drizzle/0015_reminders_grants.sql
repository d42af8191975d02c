-- Reminders belong to the appointments service (its worker sends them, its routes read them). The patients
-- service soft-deletes a deleted patient's appointments; the worker finds those and cancels their reminders.
GRANT SELECT, INSERT, UPDATE, DELETE ON reminders, reminder_outbox TO medicare_appointments;
