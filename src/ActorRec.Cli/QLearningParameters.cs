using System.CommandLine;
using System.Globalization;
using ActorRec.Models.Gru4Rec;
using ActorRec.Models.Reinforcement;

namespace ActorRec.Cli;

/// <summary>The `train` options of SQN and SMORL and how they become <see cref="QLearningOptions"/>.</summary>
internal sealed class QLearningParameters
{
    public Option<string> Model { get; } = new("--model")
    {
        Description = "Model to train: gru4rec, sqn (GRU + supervised head + double Q-learning) or smorl (SQN with accuracy, diversity and novelty Q heads).",
        DefaultValueFactory = _ => "gru4rec",
    };

    public Option<string[]> Rewards { get; } = new("--reward")
    {
        Description = "SQN/SMORL reward of an event type, type=value; repeatable (default click=0.2 purchase=1; other types get the click reward).",
        AllowMultipleArgumentsPerToken = true,
    };

    public Option<double?> Gamma { get; } = new("--gamma") { Description = "SQN/SMORL discount of the bootstrap value (default 0.5)." };

    public Option<double?> TdWeight { get; } = new("--td-weight") { Description = "SQN/SMORL weight of the squared TD error next to the cross-entropy (default 0.5)." };

    public Option<string?> Weights { get; } = new("--objective-weights")
    {
        Description = "SMORL scalarisation weights of the accuracy, diversity and novelty heads, e.g. 1,1,1 (default).",
    };

    public Option<string?> ServingHead { get; } = new("--serving-head")
    {
        Description = "SQN/SMORL head that ranks items when evaluated or served: supervised (default) or q.",
    };

    public Option<string?> DiversityEmbedding { get; } = new("--diversity-embedding")
    {
        Description = "SMORL: checkpoint whose item embedding (frozen) defines the diversity reward, e.g. a trained GRU4Rec.",
    };

    public IEnumerable<Option> All => [Model, Rewards, Gamma, TdWeight, Weights, ServingHead, DiversityEmbedding];

    /// <summary>The Q-learning options for --model sqn / smorl, or null for gru4rec.</summary>
    public QLearningOptions? Build(ParseResult parse)
    {
        var kind = parse.GetValue(Model)!.ToLowerInvariant();
        var baseOptions = kind switch
        {
            "gru4rec" => null,
            "sqn" => QLearningOptions.Sqn,
            "smorl" => QLearningOptions.Smorl,
            _ => throw new ArgumentException($"--model: unknown model '{kind}' (gru4rec, sqn, smorl)."),
        };
        if (baseOptions is null)
        {
            var given = All.Skip(1).Where(o => parse.GetResult(o) is not null).Select(o => o.Name).ToList();
            return given.Count == 0 ? null : throw new ArgumentException($"{string.Join(", ", given)}: only for --model sqn or smorl.");
        }

        var rewards = new Dictionary<string, double>(baseOptions.Rewards);
        foreach (var pair in parse.GetValue(Rewards) ?? [])
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new ArgumentException($"--reward: '{pair}' is not type=number (e.g. purchase=1).");
            }

            rewards[parts[0].ToLowerInvariant()] = value;
        }

        var weights = parse.GetValue(Weights) is { } text
            ? text.Split(',', StringSplitOptions.TrimEntries).Select(w => double.TryParse(w, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v : throw new ArgumentException($"--objective-weights: '{w}' is not a number.")).ToArray()
            : baseOptions.Weights;
        var options = baseOptions with
        {
            Rewards = rewards,
            DefaultReward = rewards.GetValueOrDefault(Models.Data.EventTypes.Click, baseOptions.DefaultReward),
            Gamma = parse.GetValue(Gamma) ?? baseOptions.Gamma,
            TdWeight = parse.GetValue(TdWeight) ?? baseOptions.TdWeight,
            Weights = weights,
            ServingHead = parse.GetValue(ServingHead) is { } head ? ParseHead(head) : baseOptions.ServingHead,
        };
        try
        {
            options.Validate();
        }
        catch (System.ComponentModel.DataAnnotations.ValidationException e)
        {
            throw new ArgumentException(e.Message, e);
        }

        return options;
    }

    public static ServingHead ParseHead(string text) => text.ToLowerInvariant() switch
    {
        "supervised" => Models.Gru4Rec.ServingHead.Supervised,
        "q" => Models.Gru4Rec.ServingHead.Q,
        _ => throw new ArgumentException($"--serving-head: '{text}' is not supervised or q."),
    };
}
