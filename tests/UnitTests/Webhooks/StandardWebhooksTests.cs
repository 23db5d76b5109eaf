using System.Security.Cryptography;
using System.Text;
using ActOnSync.Application.Common;

namespace ActOnSync.UnitTests.Webhooks;

public sealed class StandardWebhooksTests
{
    // The public Svix / Standard Webhooks test vector.
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string VectorTimestamp = "1614265330";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly byte[] VectorBody = Encoding.UTF8.GetBytes("""{"test": 2432232314}""");

    private static byte[] Key(string secret) =>
        SigningSecret.TryDecode(secret, out var key) ? key : throw new ArgumentException("Not a secret.", nameof(secret));

    [Fact]
    public void Public_test_vector_is_reproduced() =>
        Assert.Equal(VectorSignature,
            StandardWebhooks.FormatSignature(StandardWebhooks.ComputeSignature(Key(VectorSecret), VectorId, VectorTimestamp, VectorBody)));

    [Fact]
    public void Signature_agrees_with_an_independent_signer()
    {
        var secret = Signatures.NewSecret();
        var body = RandomNumberGenerator.GetBytes(500);

        var signature = StandardWebhooks.ComputeSignature(Key(secret), "msg_1", "1700000000", body);

        Assert.Equal(Signatures.Sign(secret, "msg_1", "1700000000", body), StandardWebhooks.FormatSignature(signature));
    }

    [Theory]
    [InlineData("msg_p5jXN8AQM9LWM0D4loKWxJeK", VectorTimestamp, """{"test": 2432232314}""")]
    [InlineData(VectorId, "1614265331", """{"test": 2432232314}""")]
    [InlineData(VectorId, VectorTimestamp, """{"test":2432232314}""")]
    public void Any_change_to_id_timestamp_or_body_changes_the_signature(string messageId, string timestamp, string body) =>
        Assert.NotEqual(VectorSignature, StandardWebhooks.FormatSignature(
            StandardWebhooks.ComputeSignature(Key(VectorSecret), messageId, timestamp, Encoding.UTF8.GetBytes(body))));

    [Fact]
    public void Another_key_changes_the_signature() =>
        Assert.NotEqual(VectorSignature, StandardWebhooks.FormatSignature(
            StandardWebhooks.ComputeSignature(Key(Signatures.NewSecret()), VectorId, VectorTimestamp, VectorBody)));

    [Fact]
    public void Formatted_signature_parses_back_to_its_bytes()
    {
        var signature = RandomNumberGenerator.GetBytes(StandardWebhooks.SignatureBytes);
        var parsed = new byte[StandardWebhooks.SignatureBytes];

        Assert.True(StandardWebhooks.TryParseSignature(StandardWebhooks.FormatSignature(signature), parsed));
        Assert.Equal(signature, parsed);
    }

    [Theory]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("V1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=AAAA")]
    [InlineData("v1,AAAA")]
    [InlineData("v1,")]
    [InlineData("v1,!!!not-base64!!!")]
    [InlineData("")]
    public void Entry_that_is_not_a_v1_signature_does_not_parse(string entry) =>
        Assert.False(StandardWebhooks.TryParseSignature(entry, new byte[StandardWebhooks.SignatureBytes]));

    [Fact]
    public void Secret_with_and_without_prefix_decode_to_the_same_key() =>
        Assert.Equal(Key(VectorSecret), Key(VectorSecret[SigningSecret.Prefix.Length..]));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_abc")]
    public void Malformed_secret_does_not_decode(string? secret)
    {
        Assert.False(SigningSecret.TryDecode(secret, out var key));
        Assert.Empty(key);
    }
}
