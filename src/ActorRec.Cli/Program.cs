using System.CommandLine;
using System.CommandLine.Invocation;
using ActorRec.Cli;
using ActorRec.Cli.Commands;
using ActorRec.Models.Threads;
using Spectre.Console;

OpenMpWaitPolicy.DefaultToPassive();

// Redirected output (logs, CI) gets wide tables instead of Spectre's 80-column fallback.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 240;
}

var parse = ActorRecRoot.Create().Parse(args);
if (parse.Action is ParseErrorAction parseError)
{
    // A mistyped flag gets the error and the typo suggestions, not three screens of help that push them out of sight.
    parseError.ShowHelp = false;
}

try
{
    var code = await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    if (parse.Action is ParseErrorAction)
    {
        Console.Error.WriteLine($"Run `{ActorRecRoot.PathOf(parse)} --help` for its options and examples.");
    }

    return code;
}
catch (Exception e) when (ErrorAdvice.IsUsersToFix(e))
{
    // Bad input (a flag, a data file, a checkpoint) or a machine that cannot load libtorch is the user's to fix: say what
    // is wrong and what to do, without a stack trace.
    AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(ErrorAdvice.Message(e))}");
    AnsiConsole.MarkupLine($"  {Markup.Escape(ErrorAdvice.For(e, ActorRecRoot.PathOf(parse)))}");
    return 2;
}
