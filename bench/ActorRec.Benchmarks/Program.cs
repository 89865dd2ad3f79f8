using ActorRec.Benchmarks;
using BenchmarkDotNet.Running;

// `kernels` runs the catalog-scoring comparison, which needs tables of a million items that BenchmarkDotNet would
// rebuild per job; everything else is a BenchmarkDotNet suite.
if (args is ["kernels", .. var rest])
{
    return KernelComparison.Run(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
