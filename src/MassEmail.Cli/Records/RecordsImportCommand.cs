using System.CommandLine;
using System.Text.Json.Nodes;
using MassEmail.Cli.Output;
using MassEmail.Contracts.V1;
using Spectre.Console;

namespace MassEmail.Cli.Records;

/// <summary>
/// <c>records import FILE.csv --module candidates</c>: maps the CSV's columns, streams the rows to ImportRecords
/// with a live progress bar (rows/s) on a terminal, and writes every refused row (refused here or by the
/// service) to an error report. Exits 23 when any row was refused.
/// </summary>
public static class RecordsImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A CSV file with a header line" };
        var module = new Option<string>("--module") { Description = "candidates, contacts or clients", Required = true };
        module.AcceptOnlyFromAmong(RecordModules.Names);
        var map = new Option<string[]>("--map")
        {
            Description = "COLUMN=FIELD: a column to a record field (email, first_name, ...) or custom.NAME[:string|number|bool|date|list]; FIELD '-' leaves it out (repeatable)",
        };
        var errors = new Option<string?>("--errors") { Description = "Where to write the per-row error report (default: FILE.errors.csv beside FILE)" };
        var command = new Command("import", "Import records from a CSV file") { file, module, map, errors };
        CliAction.Set(command, async context =>
        {
            var input = context.Value(file);
            PreparedImport prepared;
            using (var reader = InputFile.OpenText(input))
            {
                prepared = PreparedImport.Read(reader, context.Value(map) ?? []);
            }

            var client = context.Api.Recipients;
            var moduleValue = RecordModules.Parse(context.Value(module));
            var response = await ImportWithProgressAsync(context, client, moduleValue, prepared);

            var refused = prepared.Refused.Concat(response.Errors.Select(e => ServiceError(e, prepared))).ToList();
            var failed = prepared.Refused.Count + response.Failed;
            var reportPath = context.Value(errors) ?? ImportErrorReport.DefaultPath(input);
            if (failed > 0)
            {
                ImportErrorReport.Write(reportPath, refused, response.Failed - response.Errors.Count);
            }

            Report(context.Output, prepared, response, failed, failed > 0 ? reportPath : null);
            return failed > 0 ? ExitCodes.RowsRefused : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<ImportRecordsResponse> ImportWithProgressAsync(
        CliContext context, RecipientsService.RecipientsServiceClient client, RecordModule module, PreparedImport prepared)
    {
        if (!context.Output.Live)
        {
            return await RecordImporter.ImportAsync(client, module, prepared.Records, _ => { }, context.Cancellation);
        }

        return await context.Output.Out.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RowsPerSecondColumn(), new RemainingTimeColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("import", maxValue: Math.Max(1, prepared.Records.Count));
                var response = await RecordImporter.ImportAsync(client, module, prepared.Records, sent => task.Value = sent, context.Cancellation);
                task.Value = task.MaxValue;
                return response;
            });
    }

    private static ImportRowError ServiceError(RowError error, PreparedImport prepared)
    {
        var index = (int)error.Row - 1;
        return index >= 0 && index < prepared.Records.Count
            ? new ImportRowError(prepared.Lines[index], prepared.Records[index].ExternalId, error.Field, error.Reason)
            : new ImportRowError(null, "", error.Field, error.Reason);
    }

    private static void Report(CliOutput output, PreparedImport prepared, ImportRecordsResponse response, long failed, string? reportPath)
    {
        if (output.Json)
        {
            var totals = response.Clone();
            totals.Errors.Clear();
            output.WriteJson(new JsonObject
            {
                ["csv_rows"] = prepared.CsvRows,
                ["refused_before_sending"] = prepared.Refused.Count,
                ["service"] = ProtoJson.From(totals),
                ["failed"] = failed,
                ["error_report"] = reportPath,
                ["ignored_columns"] = new JsonArray([.. prepared.IgnoredColumns.Select(c => JsonValue.Create(c))]),
            });
            return;
        }

        output.Line($"{prepared.CsvRows} rows: {response.Inserted} inserted, {response.Updated} updated, {response.Unchanged} unchanged, {failed} refused.");
        if (prepared.IgnoredColumns.Count > 0)
        {
            output.Line($"Not imported (map them with --map \"COLUMN=FIELD\"): {string.Join(", ", prepared.IgnoredColumns)}.");
        }

        if (reportPath is not null)
        {
            output.Line($"Refused rows and why: {reportPath}");
        }
    }
}
