using ScottPlot;

namespace ActorRec.Cli.Analysis;

/// <summary>The colour scale of a scatter coloured by value, so that a ScottPlot colour bar can show it beside the plot.</summary>
internal sealed class ValueColorAxis(IColormap colormap, ScottPlot.Range range) : IHasColorAxis
{
    public IColormap Colormap { get; set; } = colormap;

    public ScottPlot.Range GetRange() => range;
}
