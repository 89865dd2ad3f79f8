using ActorRec.Benchmarks;
using BenchmarkDotNet.Running;

// `kernels` and `evaluator` compare scoring paths side by side on tables of a million items or whole test sets, which
// BenchmarkDotNet would rebuild per job; everything else is a BenchmarkDotNet suite.
if (args is ["kernels", .. var kernelArgs])
{
    return KernelComparison.Run(kernelArgs);
}

if (args is ["evaluator", .. var evaluatorArgs])
{
    return EvaluatorComparison.Run(evaluatorArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
