using System.CommandLine;
using ActorRec.Models.Data;
using Spectre.Console;

namespace ActorRec.Cli.Commands;

/// <summary>`actorrec data export`: writes any data source as one click log file, to try the file formats or hand data on.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var data = CommonOptions.Data();
        data.Required = true;
        var output = new Option<string>("--out")
        {
            Description = "The file to write: .csv, .tsv or .jsonl (each optionally .gz) or .parquet.",
            Required = true,
        };
        var format = new Option<string?>("--format") { Description = "Format of --out when its extension does not say: csv, tsv, jsonl or parquet." };
        var columns = new Option<string?>("--columns")
        {
            Description = $"Column names to write, e.g. session=sid,item=iid,time=ts,type=action,category=cat (default {ClickFileWriter.DefaultColumns}).",
        };
        var timeFormat = new Option<string>("--time-format")
        {
            Description = "How to write times: unix-seconds, unix-ms or iso.",
            DefaultValueFactory = _ => "unix-seconds",
        };
        var export = new Command("export", "Write the events of --data (training then test log) as one click log file; the category column is written when the data has categories.")
        {
            data, output, format, columns, timeFormat,
        };
        export.WithExamples(
            "actorrec data export --data synthetic:items=300,sessions=1500,seed=1 --out clicks.parquet --columns session=basket,item=article_no,time=clicked_at_ms --time-format unix-ms",
            "actorrec data export --data jdata --out jdata.csv.gz --time-format iso");
        export.SetAction(parse =>
        {
            var source = DataSource.Resolve(parse.GetValue(data)!);
            var path = parse.GetValue(output)!;
            var options = new ClickFileOptions
            {
                Format = parse.GetValue(format) is { } name ? DataSource.ParseFormat(name, "--format") : null,
                Columns = parse.GetValue(columns) is { } mapping ? ClickColumnMapping.Parse(mapping) : new ClickColumnMapping(),
                TimeFormat = DataSource.ParseTimeFormat(parse.GetValue(timeFormat)!, "--time-format") ?? TimestampFormat.UnixSeconds,
            };
            IReadOnlyList<ClickRecord> records = source.Logs.Test is { } test ? [.. source.Logs.Train.Records, .. test.Records] : source.Logs.Train.Records;
            var written = ClickFileWriter.Write(path, records, options, source.Logs.ReadItemCategories());
            AnsiConsole.MarkupLine($"Wrote {written:N0} events of {Markup.Escape(source.Description)} to [green]{Markup.Escape(Path.GetFullPath(path))}[/]");
            return 0;
        });
        return new Command("data", "Work with click log files: export any data source as CSV, TSV, JSONL or Parquet.") { export }
            .WithExamples("actorrec data export --data synthetic --out clicks.csv.gz");
    }
}
