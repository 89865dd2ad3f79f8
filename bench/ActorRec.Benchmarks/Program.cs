using ActorRec.Benchmarks.Reading;
using BenchmarkDotNet.Running;

if (args is ["reading", .. var files])
{
    return ReadingComparison.Run(files);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
