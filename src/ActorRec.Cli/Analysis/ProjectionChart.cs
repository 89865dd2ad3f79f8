using System.Globalization;
using ScottPlot;

namespace ActorRec.Cli.Analysis;

/// <summary>Draws a 2-D projection of item vectors as a PNG, one point per item, coloured by popularity or by category.</summary>
internal static class ProjectionChart
{
    private const int Width = 900;
    private const int Height = 700;
    private const float PointSize = 3;

    // A continuous colour per point would mean one plottable per item; a few dozen shades are indistinguishable from it.
    private const int Shades = 24;

    /// <summary>Colours each item by <paramref name="values"/> (for example log10 of its training count) on a colour bar.</summary>
    public static void SaveByValue(string path, string title, EmbeddingProjection projection, double[] values, string valueLabel)
    {
        var plot = NewPlot(title, projection);
        var min = values.Length == 0 ? 0 : values.Min();
        var max = values.Length == 0 ? 1 : values.Max();
        if (max <= min)
        {
            max = min + 1;
        }

        var colormap = new ScottPlot.Colormaps.Viridis();
        var shadeOf = values.Select(v => Math.Min(Shades - 1, (int)((v - min) / (max - min) * Shades))).ToArray();

        // Higher values are drawn last, on top: the few popular items would otherwise vanish under the long tail.
        for (var shade = 0; shade < Shades; shade++)
        {
            var items = Enumerable.Range(0, shadeOf.Length).Where(i => shadeOf[i] == shade).ToArray();
            if (items.Length > 0)
            {
                AddPoints(plot, projection, items, colormap.GetColor((shade + 0.5) / Shades));
            }
        }

        var colorBar = plot.Add.ColorBar(new ValueColorAxis(colormap, new ScottPlot.Range(min, max)), Edge.Right);
        colorBar.Label = valueLabel;
        plot.SavePng(path, Width, Height);
    }

    /// <summary>Colours the items of the <paramref name="top"/> most frequent categories; the others are grey.</summary>
    public static void SaveByCategory(string path, string title, EmbeddingProjection projection, string?[] categories, int top)
    {
        var plot = NewPlot(title, projection);
        var frequent = categories.OfType<string>().GroupBy(c => c, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(top).Select(g => g.Key).ToList();
        var rest = Enumerable.Range(0, categories.Length).Where(i => categories[i] is not { } c || !frequent.Contains(c)).ToArray();
        if (rest.Length > 0)
        {
            AddPoints(plot, projection, rest, Colors.LightGray).LegendText =
                string.Create(CultureInfo.InvariantCulture, $"other or none ({rest.Length:N0})");
        }

        var palette = new ScottPlot.Palettes.Category10();
        for (var rank = 0; rank < frequent.Count; rank++)
        {
            var items = Enumerable.Range(0, categories.Length).Where(i => categories[i] == frequent[rank]).ToArray();
            AddPoints(plot, projection, items, palette.GetColor(rank)).LegendText =
                string.Create(CultureInfo.InvariantCulture, $"category {frequent[rank]} ({items.Length:N0})");
        }

        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, Width, Height);
    }

    private static Plot NewPlot(string title, EmbeddingProjection projection)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.Axes.Bottom.Label.Text = string.Create(CultureInfo.InvariantCulture, $"first principal component ({projection.ExplainedX:P1} of variance)");
        plot.Axes.Left.Label.Text = string.Create(CultureInfo.InvariantCulture, $"second principal component ({projection.ExplainedY:P1} of variance)");
        return plot;
    }

    private static ScottPlot.Plottables.Markers AddPoints(Plot plot, EmbeddingProjection projection, int[] items, Color color) =>
        plot.Add.Markers(
            items.Select(i => projection.X[i]).ToArray(),
            items.Select(i => projection.Y[i]).ToArray(),
            MarkerShape.FilledCircle,
            PointSize,
            color);
}
