using System.CommandLine;
using ActorRec.Cli.Commands;
using Spectre.Console;

// Redirected output (logs, CI) gets wide tables instead of Spectre's 80-column fallback.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 240;
}

var root = new RootCommand("ActorRec: session-based recommendation with GRU4Rec. Train, evaluate and compare models.")
{
    DemoCommand.Create(),
    TrainCommand.Create(),
    EvaluateCommand.Create(),
    CompareCommand.Create(),
    LoadTestCommand.Create(),
    ModelsCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
