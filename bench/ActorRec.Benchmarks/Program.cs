using ActorRec.Benchmarks;
using ActorRec.Benchmarks.Reading;
using BenchmarkDotNet.Running;

// `kernels`, `evaluator` and `reading` compare paths side by side on tables of a million items, whole test sets or
// data files, which BenchmarkDotNet would rebuild per job; everything else is a BenchmarkDotNet suite.
if (args is ["kernels", .. var kernelArgs])
{
    return KernelComparison.Run(kernelArgs);
}

if (args is ["evaluator", .. var evaluatorArgs])
{
    return EvaluatorComparison.Run(evaluatorArgs);
}

if (args is ["reading", .. var files])
{
    return ReadingComparison.Run(files);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
