using System.Globalization;
using ScottPlot;

namespace ActorRec.Cli.Analysis;

/// <summary>Bars grouped by metric, one colour per model, saved as a PNG.</summary>
internal static class GroupedBarChart
{
    /// <param name="path">The PNG file.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="valueLabel">Label of the value axis.</param>
    /// <param name="groups">The metrics, one group of bars each, left to right.</param>
    /// <param name="series">Per model: its label and one value per group; null where the model has no such value (shown as n/a).</param>
    public static void Save(string path, string title, string valueLabel, IReadOnlyList<string> groups, IReadOnlyList<(string Label, double?[] Values)> series)
    {
        // A metric no model has (category diversity without categories) would only be a row of "n/a".
        var kept = Enumerable.Range(0, groups.Count).Where(g => series.Any(s => s.Values[g] is not null)).ToArray();
        if (kept.Length < groups.Count)
        {
            groups = [.. kept.Select(g => groups[g])];
            series = [.. series.Select(s => (s.Label, kept.Select(g => s.Values[g]).ToArray()))];
        }

        // One number format per chart, so that bars side by side read alike.
        var largest = series.SelectMany(s => s.Values).Max(v => v is { } x ? Math.Abs(x) : 0);
        var format = largest >= 10 ? "0.00" : "0.000";
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();

        // One empty slot between groups keeps them apart.
        var stride = series.Count + 1;
        for (var s = 0; s < series.Count; s++)
        {
            var bars = new List<Bar>();
            for (var g = 0; g < groups.Count; g++)
            {
                var position = (g * stride) + s;
                if (series[s].Values[g] is { } value)
                {
                    bars.Add(new Bar
                    {
                        Position = position,
                        Value = value,
                        FillColor = palette.GetColor(s),
                        Label = value.ToString(format, CultureInfo.InvariantCulture),
                    });
                }
                else
                {
                    var missing = plot.Add.Text("n/a", position, 0);
                    missing.Alignment = Alignment.LowerCenter;
                    missing.LabelFontSize = 11;
                }
            }

            if (bars.Count > 0)
            {
                var plottable = plot.Add.Bars(bars);
                plottable.LegendText = series[s].Label;
                plottable.Color = palette.GetColor(s);
            }
        }

        var centres = Enumerable.Range(0, groups.Count).Select(g => (g * stride) + ((series.Count - 1) / 2.0)).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(centres, [.. groups]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Left.Label.Text = valueLabel;
        plot.Axes.Margins(left: 0.05, right: 0.05, bottom: 0, top: 0.15);
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperRight);
        plot.SavePng(path, 900, 500);
    }
}
