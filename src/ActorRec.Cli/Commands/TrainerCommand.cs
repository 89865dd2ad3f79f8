using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ActorRec.Contracts.V1;
using Spectre.Console;

namespace ActorRec.Cli.Commands;

/// <summary>`actorrec trainer`: a running server's retraining (ModelAdmin API): start a run, list the decisions.</summary>
internal static class TrainerCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "Server address.", DefaultValueFactory = _ => "http://localhost:5000" };
        var force = new Option<bool>("--force") { Description = "Retrain whatever the number of new clicks (the quality gate still applies)." };
        var wait = new Option<bool>("--wait") { Description = "Wait for the run's decision and show it." };
        var access = new ServerAccessOptions();
        var limit = new Option<int>("--limit") { Description = "Decisions to show, newest first (0: all the server keeps).", DefaultValueFactory = _ => 10 };

        var retrain = new Command("retrain", "Start a retraining run on the click log; the candidate is activated only if it passes the quality gate.") { url, force, wait, access.ApiKey, access.CaCert }
            .WithExamples("actorrec trainer retrain --wait", "actorrec trainer retrain --force --url http://localhost:5000");
        retrain.SetAction(async (parse, ct) =>
        {
            using var server = access.Read(parse);
            using var channel = server.Channel(parse.GetValue(url)!);
            return await server.RunAsync(ModelsCommand.AdminScope, () => RetrainAsync(new ModelAdmin.ModelAdminClient(channel), parse.GetValue(force), parse.GetValue(wait), ct));
        });

        var decisions = new Command("decisions", "List the trainer's decisions, newest first, and what it is doing now.") { url, limit, access.ApiKey, access.CaCert }
            .WithExamples("actorrec trainer decisions --limit 5");
        decisions.SetAction(async (parse, ct) =>
        {
            using var server = access.Read(parse);
            using var channel = server.Channel(parse.GetValue(url)!);
            return await server.RunAsync(ModelsCommand.AdminScope, () => DecisionsAsync(new ModelAdmin.ModelAdminClient(channel), parse.GetValue(limit), ct));
        });

        return new Command("trainer", "Retrain a running server's model on its click log and see the trainer's decisions.") { retrain, decisions }
            .WithExamples("actorrec trainer retrain --wait", "actorrec trainer decisions");
    }

    private static async Task<int> RetrainAsync(ModelAdmin.ModelAdminClient admin, bool force, bool wait, CancellationToken ct)
    {
        var ticket = await admin.TriggerRetrainAsync(new TriggerRetrainRequest { Force = force }, cancellationToken: ct);
        AnsiConsole.MarkupLine($"{(ticket.Started ? "[green]started[/]" : "[yellow]not started[/]")}: {Markup.Escape(ticket.Message)}");
        if (!wait || ticket.RunId.Length == 0)
        {
            return ticket.Started ? 0 : 1;
        }

        var clock = Stopwatch.StartNew();
        while (true)
        {
            var listed = await admin.ListTrainingDecisionsAsync(new ListTrainingDecisionsRequest(), cancellationToken: ct);
            if (listed.Decisions.FirstOrDefault(d => d.RunId == ticket.RunId) is { } decision)
            {
                Show([decision]);
                return decision.Outcome == TrainingOutcome.Failed ? 1 : 0;
            }

            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[grey]{clock.Elapsed.TotalSeconds,6:F0} s  {Markup.Escape(ticket.RunId)} running[/]"));
            await Task.Delay(PollInterval, ct);
        }
    }

    private static async Task<int> DecisionsAsync(ModelAdmin.ModelAdminClient admin, int limit, CancellationToken ct)
    {
        var listed = await admin.ListTrainingDecisionsAsync(new ListTrainingDecisionsRequest { Limit = limit }, cancellationToken: ct);
        var status = listed.Status;
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"trainer on {status.Silo}: {(status.RunningRunId.Length > 0 ? $"running {status.RunningRunId}" : "idle")}, {status.NewClicks:N0} new clicks (a run starts at {status.MinNewClicks:N0})")));
        Show(listed.Decisions);
        return 0;
    }

    private static void Show(IEnumerable<TrainingDecision> decisions)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumns("run", "outcome", "candidate", "gate", "clicks", "sessions", "new items", "time", "reason");
        foreach (var d in decisions)
        {
            var metric = d.GateMetric;
            table.AddRow(
                Markup.Escape(d.RunId),
                d.Outcome switch
                {
                    TrainingOutcome.Promoted => "[green]promoted[/]",
                    TrainingOutcome.Rejected => "[yellow]rejected[/]",
                    _ => "[red]failed[/]",
                },
                Markup.Escape(d.CandidateVersion),
                Markup.Escape(d.CandidateMetrics.TryGetValue(metric, out var c) && d.ActiveMetrics.TryGetValue(metric, out var a)
                    ? string.Create(CultureInfo.InvariantCulture, $"{metric} {c:F4} vs {a:F4}")
                    : "-"),
                d.LogClicks.ToString("N0", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{d.TrainingSessions:N0} + {d.HoldoutSessions:N0} held out"),
                d.NewItems.ToString("N0", CultureInfo.InvariantCulture),
                string.Create(CultureInfo.InvariantCulture, $"{d.TotalTime?.ToTimeSpan().TotalSeconds ?? 0:F1} s"),
                Markup.Escape(d.Reason));
        }

        AnsiConsole.Write(table);
    }
}
