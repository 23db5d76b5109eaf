using System.IO.Pipelines;
using System.Security.Cryptography;
using ActOnSync.Api.Webhooks;

namespace ActOnSync.UnitTests.Webhooks;

public sealed class RequestBodyTests
{
    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    [InlineData("application/vnd.foo+json")]
    [InlineData("application/problem+json; charset=utf-8")]
    public void Json_content_types_are_accepted(string contentType) =>
        Assert.True(RequestBody.IsJson(contentType));

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    [InlineData("application/jsonp")]
    [InlineData("json")]
    [InlineData("garbage")]
    [InlineData("application/json;;;===")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_content_types_are_refused(string? contentType) =>
        Assert.False(RequestBody.IsJson(contentType));

    [Theory]
    [InlineData(0, 1024)]
    [InlineData(1, 1024)]
    [InlineData(1024, 1024)]
    [InlineData(100_000, 100_000)]
    [InlineData(100_000, 1024 * 1024)]
    public async Task Body_no_larger_than_the_limit_is_read_whole(int length, long maxBytes)
    {
        var bytes = RandomNumberGenerator.GetBytes(length);
        var reader = PipeReader.Create(new MemoryStream(bytes));

        var body = await RequestBody.ReadAsync(reader, maxBytes, CancellationToken.None);

        Assert.NotNull(body);
        Assert.Equal(bytes, body);
    }

    [Theory]
    [InlineData(1025, 1024)]
    [InlineData(100_001, 100_000)]
    [InlineData(1024 * 1024, 1024)]
    public async Task Body_larger_than_the_limit_is_refused(int length, long maxBytes)
    {
        var reader = PipeReader.Create(new MemoryStream(RandomNumberGenerator.GetBytes(length)));

        Assert.Null(await RequestBody.ReadAsync(reader, maxBytes, CancellationToken.None));
    }

    [Fact]
    public async Task Body_arriving_in_small_segments_is_read_whole()
    {
        var bytes = RandomNumberGenerator.GetBytes(50_000);
        var reader = PipeReader.Create(new MemoryStream(bytes), new StreamPipeReaderOptions(bufferSize: 512, minimumReadSize: 128));

        Assert.Equal(bytes, await RequestBody.ReadAsync(reader, 50_000, CancellationToken.None));
    }
}
