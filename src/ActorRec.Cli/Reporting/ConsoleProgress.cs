using ActorRec.Models.Training;
using Spectre.Console;

namespace ActorRec.Cli.Reporting;

/// <summary>
/// Shows training progress: a live progress bar with events/s and ETA on a terminal, plain periodic lines when
/// output is redirected (CI logs, files), so logs stay readable.
/// </summary>
internal static class ConsoleProgress
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    public static bool Interactive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="work"/> with a progress sink appropriate for the console.</summary>
    public static T Run<T>(string title, Func<IProgress<TrainingProgress>, T> work)
    {
        if (!Interactive)
        {
            var last = DateTime.MinValue;
            var lastEpoch = 0;
            var plain = new SynchronousProgress<TrainingProgress>(p =>
            {
                var epochDone = p.Targets >= p.TargetsPerEpoch;
                if (!epochDone && p.Epoch == lastEpoch && DateTime.UtcNow - last < PlainInterval)
                {
                    return;
                }

                last = DateTime.UtcNow;
                lastEpoch = p.Epoch;
                Console.WriteLine(
                    $"{title}: epoch {p.Epoch}/{p.Epochs} {100.0 * p.Targets / Math.Max(1, p.TargetsPerEpoch),5:F1}% " +
                    $"loss {p.MeanLoss:F4} {p.TargetsPerSecond:N0} events/s ETA {Eta(p):mm\\:ss}");
            });
            return work(plain);
        }

        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<int, ProgressTask>();
                var sink = new SynchronousProgress<TrainingProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.Epoch, out var task))
                    {
                        task = context.AddTask($"{title} epoch {p.Epoch}/{p.Epochs}", maxValue: p.TargetsPerEpoch);
                        tasks.Add(p.Epoch, task);
                    }

                    task.Value = p.Targets;
                    task.Description = $"{Markup.Escape(title)} epoch {p.Epoch}/{p.Epochs} loss {p.MeanLoss:F4} {p.TargetsPerSecond:N0} ev/s";
                });
                result = work(sink);
            });
        return result;
    }

    private static TimeSpan Eta(TrainingProgress p)
    {
        if (p.TargetsPerSecond <= 0)
        {
            return TimeSpan.Zero;
        }

        var remaining = (p.TargetsPerEpoch - p.Targets) + (long)(p.Epochs - p.Epoch) * p.TargetsPerEpoch;
        return TimeSpan.FromSeconds(remaining / p.TargetsPerSecond);
    }
}
