using System.Globalization;
using System.Text;
using ActOnSync.Api.Webhooks;
using Microsoft.Extensions.Options;

namespace ActOnSync.UnitTests.Webhooks;

public sealed class WebhookSignatureVerifierTests
{
    // The public Svix / Standard Webhooks test vector.
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly byte[] VectorBody = Encoding.UTF8.GetBytes("""{"test": 2432232314}""");

    private static readonly string Now = VectorTimestamp.ToString(CultureInfo.InvariantCulture);

    private static WebhookSignatureVerifier Verifier(params string[] secrets) =>
        Verifier(FixedTimeProvider.AtUnixSeconds(VectorTimestamp), secrets);

    private static WebhookSignatureVerifier Verifier(TimeProvider clock, params string[] secrets) =>
        new(Options.Create(new WebhookOptions { SigningSecrets = [.. secrets] }), clock);

    [Fact]
    public void Public_test_vector_verifies() =>
        Assert.Null(Verifier(VectorSecret).Verify(VectorId, Now, VectorSignature, VectorBody));

    [Fact]
    public void Test_helper_reproduces_the_public_test_vector() =>
        Assert.Equal(VectorSignature, Signatures.Sign(VectorSecret, VectorId, Now, VectorBody));

    [Fact]
    public void Verifier_is_enabled_when_a_secret_is_configured()
    {
        Assert.True(Verifier(VectorSecret).IsEnabled);
        Assert.False(Verifier().IsEnabled);
    }

    [Fact]
    public void Secret_without_prefix_is_accepted() =>
        Assert.Null(Verifier(VectorSecret["whsec_".Length..]).Verify(VectorId, Now, VectorSignature, VectorBody));

    [Fact]
    public void One_matching_signature_among_several_verifies()
    {
        var signatures = string.Join(' ',
            Signatures.Sign(Signatures.NewSecret(), VectorId, Now, VectorBody),
            Signatures.Sign(Signatures.NewSecret(), VectorId, Now, VectorBody),
            VectorSignature);

        Assert.Null(Verifier(VectorSecret).Verify(VectorId, Now, signatures, VectorBody));
    }

    [Fact]
    public void Signature_made_with_the_second_configured_secret_verifies()
    {
        var oldSecret = Signatures.NewSecret();
        var newSecret = Signatures.NewSecret();
        var signature = Signatures.Sign(newSecret, VectorId, Now, VectorBody);

        Assert.Null(Verifier(oldSecret, newSecret).Verify(VectorId, Now, signature, VectorBody));
    }

    [Fact]
    public void Signature_made_with_the_first_configured_secret_verifies()
    {
        var oldSecret = Signatures.NewSecret();
        var newSecret = Signatures.NewSecret();
        var signature = Signatures.Sign(oldSecret, VectorId, Now, VectorBody);

        Assert.Null(Verifier(oldSecret, newSecret).Verify(VectorId, Now, signature, VectorBody));
    }

    [Theory]
    [InlineData("""{"test": 2432232315}""")]
    [InlineData("""{"test":2432232314}""")]
    [InlineData("""{"test": 2432232314} """)]
    [InlineData("")]
    public void Tampered_body_fails(string body) =>
        Assert.NotNull(Verifier(VectorSecret).Verify(VectorId, Now, VectorSignature, Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData("msg_p5jXN8AQM9LWM0D4loKWxJeK")]
    [InlineData("msg_p5jXN8AQM9LWM0D4loKWxJek ")]
    [InlineData("msg_other")]
    public void Tampered_message_id_fails(string messageId) =>
        Assert.NotNull(Verifier(VectorSecret).Verify(messageId, Now, VectorSignature, VectorBody));

    [Theory]
    [InlineData(1)]
    [InlineData(-1)]
    [InlineData(60)]
    public void Tampered_timestamp_fails(long shift)
    {
        var tampered = (VectorTimestamp + shift).ToString(CultureInfo.InvariantCulture);

        Assert.NotNull(Verifier(VectorSecret).Verify(VectorId, tampered, VectorSignature, VectorBody));
    }

    [Fact]
    public void Leading_zero_in_the_timestamp_is_not_the_signed_timestamp() =>
        Assert.NotNull(Verifier(VectorSecret).Verify(VectorId, "0" + Now, VectorSignature, VectorBody));

    [Fact]
    public void Wrong_secret_fails() =>
        Assert.NotNull(Verifier(Signatures.NewSecret()).Verify(VectorId, Now, VectorSignature, VectorBody));

    [Fact]
    public void Several_wrong_secrets_fail() =>
        Assert.NotNull(Verifier(Signatures.NewSecret(), Signatures.NewSecret())
            .Verify(VectorId, Now, VectorSignature, VectorBody));

    [Theory]
    [InlineData(null, "1614265330", VectorSignature)]
    [InlineData("", "1614265330", VectorSignature)]
    [InlineData(VectorId, null, VectorSignature)]
    [InlineData(VectorId, "", VectorSignature)]
    [InlineData(VectorId, "1614265330", null)]
    [InlineData(VectorId, "1614265330", "")]
    [InlineData(null, null, null)]
    public void Missing_headers_fail(string? messageId, string? timestamp, string? signatures)
    {
        var failure = Verifier(VectorSecret).Verify(messageId, timestamp, signatures, VectorBody);

        Assert.NotNull(failure);
        Assert.Contains("not signed", failure);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    [InlineData(0)]
    public void Timestamp_within_tolerance_verifies(long offsetFromNow)
    {
        var timestamp = (VectorTimestamp + offsetFromNow).ToString(CultureInfo.InvariantCulture);
        var signature = Signatures.Sign(VectorSecret, VectorId, timestamp, VectorBody);

        Assert.Null(Verifier(VectorSecret).Verify(VectorId, timestamp, signature, VectorBody));
    }

    [Theory]
    [InlineData(-301, "too old")]
    [InlineData(-3600, "too old")]
    [InlineData(301, "future")]
    [InlineData(3600, "future")]
    public void Timestamp_outside_tolerance_fails(long offsetFromNow, string reason)
    {
        var timestamp = (VectorTimestamp + offsetFromNow).ToString(CultureInfo.InvariantCulture);
        var signature = Signatures.Sign(VectorSecret, VectorId, timestamp, VectorBody);

        var failure = Verifier(VectorSecret).Verify(VectorId, timestamp, signature, VectorBody);

        Assert.NotNull(failure);
        Assert.Contains(reason, failure);
    }

    [Fact]
    public void Configured_tolerance_is_used()
    {
        var options = Options.Create(new WebhookOptions { SigningSecrets = [VectorSecret], TimestampToleranceSeconds = 10 });
        var verifier = new WebhookSignatureVerifier(options, FixedTimeProvider.AtUnixSeconds(VectorTimestamp));
        string SignedAt(long seconds) => Signatures.Sign(VectorSecret, VectorId, seconds.ToString(CultureInfo.InvariantCulture), VectorBody);

        Assert.Null(verifier.Verify(VectorId, (VectorTimestamp - 10).ToString(CultureInfo.InvariantCulture), SignedAt(VectorTimestamp - 10), VectorBody));
        Assert.NotNull(verifier.Verify(VectorId, (VectorTimestamp - 11).ToString(CultureInfo.InvariantCulture), SignedAt(VectorTimestamp - 11), VectorBody));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1614265330.0")]
    [InlineData("1614265330s")]
    [InlineData("+1614265330")]
    [InlineData("-1614265330")]
    [InlineData(" 1614265330")]
    [InlineData("1614265330 ")]
    [InlineData("1,614,265,330")]
    [InlineData("1.6e9")]
    [InlineData("2021-02-25T15:02:10Z")]
    [InlineData("1614265330000")]
    [InlineData("99999999999999999999")]
    [InlineData("9223372036854775807")]
    public void Non_numeric_or_unrepresentable_timestamp_fails(string timestamp)
    {
        var signature = Signatures.Sign(VectorSecret, VectorId, timestamp, VectorBody);

        Assert.NotNull(Verifier(VectorSecret).Verify(VectorId, timestamp, signature, VectorBody));
    }

    [Theory]
    [InlineData("v1,!!!not-base64!!!")]
    [InlineData("v1,")]
    [InlineData("v1")]
    [InlineData("v1,AAAA")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=AAAA")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("V1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("   ")]
    public void Unusable_entry_is_ignored_without_throwing(string entry)
    {
        var verifier = Verifier(VectorSecret);

        var alone = verifier.Verify(VectorId, Now, entry, VectorBody);
        var beforeAGoodOne = verifier.Verify(VectorId, Now, entry + " " + VectorSignature, VectorBody);

        Assert.NotNull(alone);
        Assert.Null(beforeAGoodOne);
    }
}
