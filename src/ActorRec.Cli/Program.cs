using System.CommandLine;
using ActorRec.Cli.Commands;
using ActorRec.Models.Data;
using Spectre.Console;

// Redirected output (logs, CI) gets wide tables instead of Spectre's 80-column fallback.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 240;
}

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
try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is ArgumentException or InvalidDataException or DataFileException or FileNotFoundException or DirectoryNotFoundException
    or System.ComponentModel.DataAnnotations.ValidationException)
{
    // Bad input (a flag, a data file, a checkpoint) is the user's to fix: say what is wrong, without a stack trace.
    AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
    return 2;
}
