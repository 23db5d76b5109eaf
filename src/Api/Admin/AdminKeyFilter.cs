using System.Security.Cryptography;
using System.Text;
using ActOnSync.Api.Problems;
using Microsoft.Extensions.Options;

namespace ActOnSync.Api.Admin;

/// <summary>Lets a request through only with the configured admin key in <c>X-Api-Key</c>.</summary>
public sealed class AdminKeyFilter(IOptions<AdminOptions> options) : IEndpointFilter
{
    // Hashing both sides makes the comparison constant-time whatever the lengths.
    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.ApiKey));

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var given = context.HttpContext.Request.Headers[AdminOptions.HeaderName].ToString();
        if (given.Length > 0 && CryptographicOperations.FixedTimeEquals(_expected, SHA256.HashData(Encoding.UTF8.GetBytes(given))))
            return next(context);
        return ValueTask.FromResult<object?>(Problem.Of(StatusCodes.Status401Unauthorized, "Admin key required",
            $"Send the admin key (configuration {AdminOptions.Section}:ApiKey) in the {AdminOptions.HeaderName} header."));
    }
}
