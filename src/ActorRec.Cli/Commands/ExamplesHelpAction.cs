using System.CommandLine;
using System.CommandLine.Invocation;

namespace ActorRec.Cli.Commands;

/// <summary>The standard help, followed by the command's <see cref="HelpExamples"/>.</summary>
internal sealed class ExamplesHelpAction(CommandLineAction standard) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        var code = standard is SynchronousCommandLineAction synchronous ? synchronous.Invoke(parseResult) : 0;
        HelpExamples.Write(parseResult.CommandResult.Command, parseResult.InvocationConfiguration.Output);
        return code;
    }
}
