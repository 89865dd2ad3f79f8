using ActorRec.Models.Checkpoints;
using ScottPlot;

namespace ActorRec.Cli.Reporting;

/// <summary>Draws training loss (left axis) and validation Recall@20 / MRR@20 (right axis) per epoch as a PNG.</summary>
internal static class TrainingChart
{
    public static void Save(string path, string title, IReadOnlyList<EpochRecord> history)
    {
        var plot = new Plot();
        double[] epochs = [.. history.Select(h => (double)h.Epoch)];
        var loss = plot.Add.Scatter(epochs, [.. history.Select(h => h.MeanLoss)]);
        loss.LegendText = "training loss";
        loss.LineWidth = 2;
        plot.Axes.Left.Label.Text = "mean loss per target";

        var validated = history.Where(h => h.ValidationRecall20 is not null).ToList();
        if (validated.Count > 0)
        {
            double[] validatedEpochs = [.. validated.Select(h => (double)h.Epoch)];
            var recall = plot.Add.Scatter(validatedEpochs, [.. validated.Select(h => h.ValidationRecall20!.Value)]);
            recall.LegendText = "held-out Recall@20";
            recall.Axes.YAxis = plot.Axes.Right;
            var mrr = plot.Add.Scatter(validatedEpochs, [.. validated.Select(h => h.ValidationMrr20!.Value)]);
            mrr.LegendText = "held-out MRR@20";
            mrr.Axes.YAxis = plot.Axes.Right;
            plot.Axes.Right.Label.Text = "held-out Recall@20 / MRR@20";
        }

        plot.Axes.Bottom.Label.Text = "epoch";
        plot.Title(title);
        plot.ShowLegend(Alignment.MiddleRight);
        plot.SavePng(path, 900, 500);
    }
}
