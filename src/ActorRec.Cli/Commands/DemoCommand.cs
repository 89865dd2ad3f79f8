using System.CommandLine;
using ActorRec.Models.Gru4Rec;

namespace ActorRec.Cli.Commands;

/// <summary>`actorrec demo`: the quick start: GRU4Rec with the official RSC15 settings on the demo data.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var threads = CommonOptions.Threads();
        var epochs = new Option<int>("--epochs") { Description = "Training epochs.", DefaultValueFactory = _ => Gru4RecOptions.Rsc15CrossEntropy.Epochs };
        var command = new Command("demo", "Train GRU4Rec (official RSC15 cross-entropy settings) on yoochoose-100k when present, else on a synthetic log, and print the evaluation table.")
        {
            threads, epochs,
        };
        command.WithExamples("actorrec demo", "actorrec demo --epochs 3 --threads 2");
        command.SetAction((parse, cancellationToken) => Task.FromResult(TrainCommand.Run(
            DataSource.Demo(),
            Gru4RecOptions.Rsc15CrossEntropy with { Epochs = parse.GetValue(epochs) },
            qLearning: null,
            diversityCheckpoint: null,
            parse.GetValue(threads),
            TorchSharp.torch.CPU,
            new Models.Data.PreprocessOptions(),
            ["pop", "transitions"],
            validateEachEpoch: true,
            output: null,
            results: null,
            cancellationToken)));
        return command;
    }
}
