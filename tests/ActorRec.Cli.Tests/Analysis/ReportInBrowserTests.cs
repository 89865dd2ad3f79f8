using ActorRec.Cli.Analysis;
using ActorRec.Testing;
using Xunit;

namespace ActorRec.Cli.Tests.Analysis;

[Collection(AnalysisCollection.Name)]
public sealed class ReportInBrowserTests(AnalysisFixture fixture)
{
    [Fact]
    public async Task Report_loads_in_chromium_with_every_section_every_image_and_no_errors()
    {
        var chromium = BrowserPageCheck.RequireChromium();
        var report = fixture.Run.Result.Report;

        var problems = await BrowserPageCheck.ProblemsAsync(chromium, report, HtmlReport.Sections);

        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_check_catches_script_errors_broken_images_and_missing_sections()
    {
        var chromium = BrowserPageCheck.RequireChromium();
        using var folder = new TempFolder();
        var page = folder.Write("broken.html", """
            <!DOCTYPE html><html><head><title>broken</title></head><body>
            <section id="mirror"><h2>Embedding mirror</h2></section>
            <img alt="not a png" src="data:image/png;base64,AAAA">
            <script>console.error("drawn wrong"); notDefined();</script>
            </body></html>
            """);

        var problems = await BrowserPageCheck.ProblemsAsync(chromium, page, HtmlReport.Sections);

        Assert.Contains(problems, p => p.StartsWith("console error: drawn wrong", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("uncaught error:", StringComparison.Ordinal) && p.Contains("notDefined", StringComparison.Ordinal));
        Assert.Contains("image did not load: not a png", problems);
        Assert.Contains("section 'predictions' is missing or hidden", problems);
        Assert.DoesNotContain("section 'mirror' is missing or hidden", problems);
    }
}
