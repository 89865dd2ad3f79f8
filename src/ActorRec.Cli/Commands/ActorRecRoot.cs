using System.CommandLine;
using System.CommandLine.Help;

namespace ActorRec.Cli.Commands;

/// <summary>The `actorrec` command tree: every command, and help that ends with each command's examples.</summary>
internal static class ActorRecRoot
{
    public const string Name = "actorrec";

    public static RootCommand Create()
    {
        var root = new RootCommand("ActorRec: session-based recommendation with GRU4Rec, SQN and SMORL. Train, evaluate, compare, analyze and serve-test models.")
        {
            DemoCommand.Create(),
            TrainCommand.Create(),
            EvaluateCommand.Create(),
            CompareCommand.Create(),
            AnalyzeCommand.Create(),
            LoadTestCommand.Create(),
            ModelsCommand.Create(),
            TrainerCommand.Create(),
            FaultsCommand.Create(),
            KeysCommand.Create(),
            DataCommand.Create(),
        };
        root.WithExamples(
            "actorrec demo",
            "actorrec train --data yoochoose-100k --preset rsc15-xe --min-item-support 1 --seed 1 --out runs/yc-xe-1",
            "actorrec evaluate runs/yc-xe-1",
            "actorrec train --help");
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            help.Action = new ExamplesHelpAction(help.Action ?? new HelpAction());
        }

        return root;
    }

    /// <summary>The command line that names the parsed command, e.g. "actorrec models list".</summary>
    public static string PathOf(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Add(result.Parent is null ? Name : result.Command.Name);
        }

        names.Reverse();
        return string.Join(' ', names);
    }
}
