using System.ComponentModel.DataAnnotations;
using ActorRec.Grains.Sessions;
using Xunit;

namespace ActorRec.Grains.Tests.Sessions;

public sealed class SessionGrainOptionsTests
{
    [Theory]
    [InlineData("1.00:00:00", true)]
    [InlineData("00:00:00", true)]
    [InlineData("00:30:00", false)]
    [InlineData("00:10:00", false)]
    public void State_must_outlive_the_idle_timeout_or_never_expire(string expiry, bool valid)
    {
        var options = new SessionGrainOptions { IdleTimeout = TimeSpan.FromMinutes(30), StateExpiry = TimeSpan.Parse(expiry, System.Globalization.CultureInfo.InvariantCulture) };
        var results = new List<ValidationResult>();

        var ok = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.Equal(valid, ok);
        Assert.All(results, r => Assert.Contains(nameof(SessionGrainOptions.StateExpiry), r.MemberNames));
    }
}
