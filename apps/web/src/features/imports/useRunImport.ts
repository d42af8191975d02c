import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CsvMapping, ImportReport } from '@medicare/contracts';
import { useApi } from '../../api/context';
import { keys } from '../../api/query-keys';

/** Runs the import (or a dry run of it); a real one refreshes every patient list. */
export function useRunImport(uploadId: string, onReport: (report: ImportReport) => void) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ mapping, dryRun }: { mapping: CsvMapping; dryRun: boolean }) =>
      api.runCsvImport(uploadId, { mapping, dryRun }),
    onSuccess: (report) => {
      if (!report.dryRun) void queryClient.invalidateQueries({ queryKey: keys.patients.all });
      onReport(report);
    },
  });
}
