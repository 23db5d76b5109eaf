using ActOnSync.Api.Webhooks;

namespace ActOnSync.UnitTests.Webhooks;

public sealed class WebhookOptionsValidatorTests
{
    private const string ValidSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static string Failures(WebhookOptions options)
    {
        var result = new WebhookOptionsValidator().Validate(null, options);
        Assert.True(result.Failed, "Expected validation to fail.");
        Assert.NotNull(result.FailureMessage);
        return result.FailureMessage;
    }

    private static void AssertValid(WebhookOptions options)
    {
        var result = new WebhookOptionsValidator().Validate(null, options);
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void One_valid_secret_passes() => AssertValid(new WebhookOptions { SigningSecrets = [ValidSecret] });

    [Fact]
    public void Two_valid_secrets_pass() =>
        AssertValid(new WebhookOptions { SigningSecrets = [ValidSecret, Signatures.NewSecret()] });

    [Fact]
    public void No_secret_without_allow_unsigned_fails_naming_the_key() =>
        Assert.Contains("Webhooks:SigningSecrets", Failures(new WebhookOptions()));

    [Fact]
    public void No_secret_with_allow_unsigned_passes() =>
        AssertValid(new WebhookOptions { AllowUnsigned = true });

    [Theory]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("whsec_abc")]
    public void Malformed_secret_fails_naming_its_index(string malformed)
    {
        var failures = Failures(new WebhookOptions { SigningSecrets = [ValidSecret, malformed] });

        Assert.Contains("Webhooks:SigningSecrets:1", failures);
        Assert.DoesNotContain("Webhooks:SigningSecrets:0", failures);
    }

    [Fact]
    public void Malformed_secret_fails_even_with_allow_unsigned() =>
        Assert.Contains("Webhooks:SigningSecrets:0",
            Failures(new WebhookOptions { AllowUnsigned = true, SigningSecrets = ["nope!"] }));

    [Theory]
    [InlineData(long.MinValue)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1023)]
    [InlineData(64 * 1024 * 1024 + 1)]
    [InlineData(long.MaxValue)]
    public void Max_body_bytes_out_of_range_fails_naming_the_key(long maxBodyBytes) =>
        Assert.Contains("Webhooks:MaxBodyBytes",
            Failures(new WebhookOptions { SigningSecrets = [ValidSecret], MaxBodyBytes = maxBodyBytes }));

    [Theory]
    [InlineData(1024)]
    [InlineData(64 * 1024 * 1024)]
    public void Max_body_bytes_at_the_range_edges_passes(long maxBodyBytes) =>
        AssertValid(new WebhookOptions { SigningSecrets = [ValidSecret], MaxBodyBytes = maxBodyBytes });

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3601)]
    public void Timestamp_tolerance_out_of_range_fails_naming_the_key(int seconds) =>
        Assert.Contains("Webhooks:TimestampToleranceSeconds",
            Failures(new WebhookOptions { SigningSecrets = [ValidSecret], TimestampToleranceSeconds = seconds }));
}
