using System.CommandLine;
using System.Globalization;
using ActorRec.Contracts.V1;
using Spectre.Console;

namespace ActorRec.Cli.Commands;

/// <summary>`actorrec models`: the server's model versions (ModelAdmin API): list, show the active one, activate.</summary>
internal static class ModelsCommand
{
    /// <summary>The server's name for the ModelAdmin service's scope.</summary>
    internal const string AdminScope = "admin";

    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "Server address.", DefaultValueFactory = _ => "http://localhost:5000" };
        var version = new Argument<string>("version") { Description = "Version id to activate (see `actorrec models list`)." };
        var access = new ServerAccessOptions();

        var list = new Command("list", "List the versions in the server's model store, newest first.") { url, access.ApiKey, access.CaCert }
            .WithExamples("actorrec models list", "actorrec models list --url https://server:5001 --ca-cert ca.pem");
        list.SetAction(async (parse, ct) =>
        {
            using var server = access.Read(parse);
            using var channel = server.Channel(parse.GetValue(url)!);
            return await server.RunAsync(AdminScope, async () =>
            {
                var models = await new ModelAdmin.ModelAdminClient(channel).ListModelsAsync(new ListModelsRequest(), cancellationToken: ct);
                Show(models.Models);
                return 0;
            });
        });

        var active = new Command("active", "Show the version that serves now.") { url, access.ApiKey, access.CaCert }
            .WithExamples("actorrec models active --url http://localhost:5000");
        active.SetAction(async (parse, ct) =>
        {
            using var server = access.Read(parse);
            using var channel = server.Channel(parse.GetValue(url)!);
            return await server.RunAsync(AdminScope, async () =>
            {
                Show([await new ModelAdmin.ModelAdminClient(channel).GetActiveModelAsync(new GetActiveModelRequest(), cancellationToken: ct)]);
                return 0;
            });
        });

        var activate = new Command("activate", "Load a version on every silo and swap it in without dropping requests.") { url, version, access.ApiKey, access.CaCert }
            .WithExamples("actorrec models activate gru4rec-20260301T101500Z-3f9a1c2e");
        activate.SetAction(async (parse, ct) =>
        {
            using var server = access.Read(parse);
            using var channel = server.Channel(parse.GetValue(url)!);
            return await server.RunAsync(AdminScope, async () =>
            {
                var model = await new ModelAdmin.ModelAdminClient(channel).ActivateModelAsync(new ActivateModelRequest { VersionId = parse.GetValue(version)! }, cancellationToken: ct);
                AnsiConsole.MarkupLine($"Active model: [green]{Markup.Escape(model.VersionId)}[/]");
                return 0;
            });
        });

        return new Command("models", "Inspect and switch the model versions a running server serves.") { list, active, activate }
            .WithExamples("actorrec models list", "actorrec models activate gru4rec-20260301T101500Z-3f9a1c2e");
    }

    private static void Show(IEnumerable<ModelInfo> models)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumns("version", "kind", "created", "items", "active", "recall@20", "mrr@20");
        foreach (var m in models)
        {
            table.AddRow(
                Markup.Escape(m.VersionId),
                Markup.Escape(m.ModelKind),
                m.CreatedAt?.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture) ?? "-",
                m.ItemCount.ToString("N0", CultureInfo.InvariantCulture),
                m.Active ? "[green]yes[/]" : "",
                Metric(m, "recall@20"),
                Metric(m, "mrr@20"));
        }

        AnsiConsole.Write(table);
    }

    private static string Metric(ModelInfo model, string name) =>
        model.Metrics.TryGetValue(name, out var value) ? value.ToString("F4", CultureInfo.InvariantCulture) : "-";
}
