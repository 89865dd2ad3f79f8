using ActorRec.Models.Evaluation;

namespace ActorRec.Cli.Analysis;

/// <summary>What `actorrec analyze` looks at and how much of it; every default is the command's default.</summary>
internal sealed class AnalysisOptions
{
    /// <summary>External ids of the items whose embedding neighbours are tabled; empty: the most popular training items.</summary>
    public IReadOnlyList<string> Items { get; init; } = [];

    /// <summary>How many of the most popular training items are tabled when <see cref="Items"/> is empty; default 5.</summary>
    public int PopularItems { get; init; } = 5;

    /// <summary>Most and least similar items listed per tabled item; default 10.</summary>
    public int Neighbours { get; init; } = 10;

    /// <summary>Test sessions drawn for the prediction batches; default 8.</summary>
    public int Sessions { get; init; } = 8;

    /// <summary>Seeds the draw of the sessions and of the position of each one's target, so a rerun shows the same cases; default 1.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Length of every model's list in the prediction batches; default 10.</summary>
    public int TopN { get; init; } = 10;

    /// <summary>Items of the session shown before the target; earlier ones are counted, not listed; default 5.</summary>
    public int ContextItems { get; init; } = 5;

    /// <summary>Categories given a colour of their own in the category projection, the most frequent first; default 10.</summary>
    public int ProjectedCategories { get; init; } = 10;

    /// <summary>
    /// Cutoffs of the accuracy charts; coverage, novelty and diversity are measured at the largest. Default 5 and 20, the
    /// cutoffs session-based recommendation papers report.
    /// </summary>
    public IReadOnlyList<int> Cutoffs { get; init; } = [5, 20];

    /// <summary>Ranking rule and batch size of the evaluation; its cutoffs are <see cref="Cutoffs"/>.</summary>
    public EvaluationOptions Evaluation { get; init; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the command-line option that is out of range.</summary>
    public void Validate()
    {
        Require(PopularItems >= 1, "--popular-items must be at least 1.");
        Require(Neighbours >= 1, "--neighbours must be at least 1.");
        Require(Sessions >= 0, "--sessions must not be negative.");
        Require(TopN >= 1, "--top-n must be at least 1.");
        Require(ContextItems >= 1, "--context must be at least 1.");
        Require(ProjectedCategories >= 1, "at least one category must be coloured.");
        Require(Cutoffs.Count > 0 && Cutoffs.All(k => k >= 1), "--cutoffs: give one or more positive cutoffs.");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
