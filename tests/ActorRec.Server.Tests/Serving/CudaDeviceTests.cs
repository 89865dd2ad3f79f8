using ActorRec.Server.Tests.Fixtures;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Server.Tests.Serving;

/// <summary>A server told to run on CUDA where TorchSharp finds none refuses to start, instead of failing every request later.</summary>
public sealed class CudaDeviceTests
{
    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:0")]
    public async Task Asking_for_cuda_without_a_gpu_refuses_to_start_naming_the_setting_and_what_to_do(string device)
    {
        Assert.SkipWhen(cuda.is_available(), "TorchSharp finds a CUDA device here, so the server may use it.");
        var ct = TestContext.Current.CancellationToken;
        var store = Directory.CreateTempSubdirectory("actorrec-cuda-store-").FullName;
        try
        {
            await using var server = new ServerProcess(new Dictionary<string, string>
            {
                ["ModelStore:Directory"] = store,
                ["Inference:Device"] = device,
            });

            await Eventually.Within(server.WaitForExitAsync(ct), "the server to exit");

            var output = server.Output();
            Assert.True(server.ExitCode == 2, $"exit code {server.ExitCode}, 2 for a configuration answer:\n{output}");
            Assert.Contains($"Inference:Device: '{device}' asks for CUDA, but TorchSharp found no CUDA device", output, StringComparison.Ordinal);
            Assert.Contains("Set it to auto or cpu", output, StringComparison.Ordinal);
            Assert.Contains("-p:TorchSharpBackend=TorchSharp-cuda-linux", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(store, recursive: true);
        }
    }
}
