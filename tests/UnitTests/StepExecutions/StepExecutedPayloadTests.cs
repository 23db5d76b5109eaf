using System.Text;
using System.Text.Json;
using ActOnSync.Application.StepExecutions.ReceiveStepExecuted;
using ActOnSync.Domain.StepExecutions;

namespace ActOnSync.UnitTests.StepExecutions;

public sealed class StepExecutedPayloadTests
{
    /// <summary>A copy of /work/shared/samples/step-executed.json.</summary>
    internal const string SampleBody = """
        {
          "E-mail Address": "dana.lee@example.com",
          "First Name": "Dana",
          "Last Name": "Lee",
          "Company": "Example Manufacturing",
          "Job Title": "Director of Operations",
          "automatedProgramLink": "https://example.actonsoftware.com/app/automation/programs/00-0001/program-performance",
          "contactReportLink": "https://example.actonsoftware.com/app/contacts/report/l-0001:1",
          "crmLink": "",
          "description": "Send marketing-qualified leads to the CRM",
          "externalId": "",
          "name": "MQL handoff",
          "programId": "00-0001",
          "recId": "l-0001:1",
          "stepId": "3",
          "stepName": "Send to CRM",
          "timestamp": 1764864000000
        }
        """;

    private static StepExecutedPayload ParseOk(string json)
    {
        var payload = StepExecutedPayload.Parse(Encoding.UTF8.GetBytes(json), out var error);
        Assert.True(payload is not null, $"Expected the body to parse, got error: {error}");
        Assert.Null(error);
        return payload;
    }

    private static string ParseError(string json) => ParseError(Encoding.UTF8.GetBytes(json));

    private static string ParseError(byte[] body)
    {
        var payload = StepExecutedPayload.Parse(body, out var error);
        Assert.Null(payload);
        Assert.False(string.IsNullOrWhiteSpace(error));
        return error;
    }

    [Fact]
    public void Sample_body_parses_ids_context_and_timestamp()
    {
        var payload = ParseOk(SampleBody);

        Assert.Equal(new RecId("l-0001:1"), payload.RecId);
        Assert.Equal(new StepId("3"), payload.StepId);
        Assert.Equal(new DateTimeOffset(2025, 12, 4, 16, 0, 0, TimeSpan.Zero), payload.ExecutedAt);
        Assert.Equal(TimeSpan.Zero, payload.ExecutedAt!.Value.Offset);
        Assert.Equal(new ProgramContext(
            ProgramId: "00-0001",
            ProgramName: "MQL handoff",
            StepName: "Send to CRM",
            Description: "Send marketing-qualified leads to the CRM",
            ExternalId: "",
            CrmLink: "",
            AutomatedProgramLink: "https://example.actonsoftware.com/app/automation/programs/00-0001/program-performance",
            ContactReportLink: "https://example.actonsoftware.com/app/contacts/report/l-0001:1"), payload.Context);
    }

    [Fact]
    public void Sample_body_contact_fields_are_exactly_the_five_contact_fields()
    {
        var payload = ParseOk(SampleBody);

        using var contact = JsonDocument.Parse(payload.ContactFieldsJson);
        var properties = contact.RootElement.EnumerateObject()
            .Select(p => (p.Name, Value: p.Value.GetString()))
            .ToArray();
        Assert.Equal(
        [
            ("E-mail Address", "dana.lee@example.com"),
            ("First Name", "Dana"),
            ("Last Name", "Lee"),
            ("Company", "Example Manufacturing"),
            ("Job Title", "Director of Operations"),
        ], properties);
    }

    [Fact]
    public void Context_keys_are_matched_case_insensitively()
    {
        var payload = ParseOk("""
            {"RECID": "l-0002:7", "StepID": "9", "NAME": "Program", "ProgramId": "00-0002",
             "STEPNAME": "Step", "Timestamp": 1764864000, "Email": "a@example.com"}
            """);

        Assert.Equal("l-0002:7", payload.RecId.Value);
        Assert.Equal("9", payload.StepId.Value);
        Assert.Equal("Program", payload.Context.ProgramName);
        Assert.Equal("00-0002", payload.Context.ProgramId);
        Assert.Equal("Step", payload.Context.StepName);
        Assert.Equal(new DateTimeOffset(2025, 12, 4, 16, 0, 0, TimeSpan.Zero), payload.ExecutedAt);
        AssertJsonEqual("""{"Email": "a@example.com"}""", payload.ContactFieldsJson);
    }

    [Fact]
    public void Numeric_step_id_is_kept_as_written()
    {
        var payload = ParseOk("""{"recId": "l-0001:1", "stepId": 3}""");

        Assert.Equal("3", payload.StepId.Value);
    }

    [Fact]
    public void Numeric_rec_id_is_kept_as_written()
    {
        var payload = ParseOk("""{"recId": 12345, "stepId": "3"}""");

        Assert.Equal("12345", payload.RecId.Value);
    }

    [Fact]
    public void Missing_context_fields_are_null()
    {
        var payload = ParseOk("""{"recId": "l-0001:1", "stepId": "3"}""");

        Assert.Equal(new ProgramContext(), payload.Context);
        Assert.Null(payload.ExecutedAt);
        AssertJsonEqual("{}", payload.ContactFieldsJson);
    }

    [Fact]
    public void Contact_fields_of_every_json_kind_are_kept_verbatim()
    {
        const string contactFields = """
            {
              "Prénom": "Zoë",
              "城市": "東京",
              "emoji 😀": "🎉 party",
              "Escaped \u00e9": "line\nbreak \"quoted\"",
              "Score": 12.50,
              "Big": 123456789012345678901234567890,
              "Negative": -0.001e-3,
              "Opted In": true,
              "Bounced": false,
              "Phone": null,
              "Address": {"Street": "1 Main St", "City": "Köln", "Geo": {"lat": 50.9375, "lon": 6.96}},
              "Tags": ["vip", 1, true, null, {"k": "v"}, []],
              "Empty": ""
            }
            """;
        var body = "{\"recId\": \"l-0001:1\", \"stepId\": \"3\", " + contactFields.Trim()[1..];

        var payload = ParseOk(body);

        AssertJsonEqual(contactFields, payload.ContactFieldsJson);
        // Readable in storage: non-ASCII letters are not \u-escaped.
        Assert.Contains("Prénom", payload.ContactFieldsJson);
        Assert.Contains("東京", payload.ContactFieldsJson);
    }

    [Fact]
    public void Contact_keys_differing_only_in_case_are_both_kept()
    {
        var payload = ParseOk("""{"recId": "r", "stepId": "1", "Company": "A", "company": "B"}""");

        AssertJsonEqual("""{"Company": "A", "company": "B"}""", payload.ContactFieldsJson);
    }

    [Theory]
    [InlineData("""{"recId": "r", "stepId": "1"}""")]
    [InlineData("""{"recId": "r", "stepId": "1", "timestamp": null}""")]
    [InlineData("""{"recId": "r", "stepId": "1", "timestamp": ""}""")]
    [InlineData("""{"recId": "r", "stepId": "1", "timestamp": "  "}""")]
    public void Missing_or_empty_timestamp_is_allowed(string json) =>
        Assert.Null(ParseOk(json).ExecutedAt);

    [Theory]
    [InlineData("1764864000")]
    [InlineData("1764864000000")]
    [InlineData("2025-12-04T16:00:00Z")]
    [InlineData("2025-12-04T16:00:00")]
    public void Timestamp_as_string_is_accepted(string timestamp)
    {
        var payload = ParseOk($$"""{"recId": "r", "stepId": "1", "timestamp": "{{timestamp}}"}""");

        Assert.Equal(new DateTimeOffset(2025, 12, 4, 16, 0, 0, TimeSpan.Zero), payload.ExecutedAt);
    }

    [Fact]
    public void Timestamp_as_number_in_seconds_is_accepted() =>
        Assert.Equal(new DateTimeOffset(2025, 12, 4, 16, 0, 0, TimeSpan.Zero),
            ParseOk("""{"recId": "r", "stepId": "1", "timestamp": 1764864000}""").ExecutedAt);

    [Theory]
    [InlineData("{")]
    [InlineData("""{"recId": "r", "stepId": "1",}""")]
    [InlineData("recId=r&stepId=1")]
    [InlineData("")]
    [InlineData("""{"recId": "r", "stepId": "1"} trailing""")]
    public void Invalid_json_is_refused(string json) =>
        Assert.Contains("not valid JSON", ParseError(json));

    /// <summary>Bodies that JsonDocument accepts but whose text cannot be decoded to .NET strings.</summary>
    public static TheoryData<string, byte[]> UndecodableTextBodies => new()
    {
        { "invalid UTF-8 in recId", [.. "{\"recId\": \""u8, 0xFF, .. "\", \"stepId\": \"1\"}"u8] },
        { "invalid UTF-8 in a context value", [.. "{\"recId\": \"r\", \"stepId\": \"1\", \"name\": \""u8, 0xC3, .. "\"}"u8] },
        { "invalid UTF-8 in a contact key", [.. "{\"recId\": \"r\", \"stepId\": \"1\", \""u8, 0xFF, .. "\": 1}"u8] },
        { "lone surrogate in recId", Encoding.UTF8.GetBytes("""{"recId": "\ud800", "stepId": "1"}""") },
        { "lone surrogate in a contact key", Encoding.UTF8.GetBytes("""{"recId": "r", "stepId": "1", "\ud800": 1}""") },
        { "lone surrogate in a contact value", Encoding.UTF8.GetBytes("""{"recId": "r", "stepId": "1", "a": "x\udc00y"}""") },
    };

    [Theory]
    [MemberData(nameof(UndecodableTextBodies))]
    public void Undecodable_text_is_refused_not_thrown(string _, byte[] body) => ParseError(body);

    [Fact]
    public void Array_body_is_refused()
    {
        var error = ParseError("""[{"recId": "r", "stepId": "1"}]""");

        Assert.Contains("array", error);
    }

    [Fact]
    public void String_body_is_refused()
    {
        var error = ParseError("\"recId\"");

        Assert.Contains("a string", error);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("true")]
    public void Other_non_object_bodies_are_refused(string json) =>
        Assert.Contains("one JSON object", ParseError(json));

    [Theory]
    [InlineData("""{"stepId": "1"}""")]
    [InlineData("""{"recId": null, "stepId": "1"}""")]
    [InlineData("""{"recId": "", "stepId": "1"}""")]
    [InlineData("""{"recId": "   ", "stepId": "1"}""")]
    public void Missing_rec_id_is_refused(string json) =>
        Assert.Contains("'recId'", ParseError(json));

    [Theory]
    [InlineData("""{"recId": "r"}""")]
    [InlineData("""{"recId": "r", "stepId": null}""")]
    [InlineData("""{"recId": "r", "stepId": ""}""")]
    public void Missing_step_id_is_refused(string json) =>
        Assert.Contains("'stepId'", ParseError(json));

    [Fact]
    public void Rec_id_as_object_is_refused()
    {
        var error = ParseError("""{"recId": {"id": "l-0001:1"}, "stepId": "1"}""");

        Assert.Contains("'recId'", error);
        Assert.Contains("object", error);
    }

    [Theory]
    [InlineData("""{"recId": true, "stepId": "1"}""", "'recId'")]
    [InlineData("""{"recId": "r", "stepId": false}""", "'stepId'")]
    public void Ids_as_booleans_are_refused(string json, string key)
    {
        var error = ParseError(json);

        Assert.Contains(key, error);
        Assert.Contains("a boolean", error);
    }

    [Fact]
    public void Step_id_as_array_is_refused()
    {
        var error = ParseError("""{"recId": "r", "stepId": ["1"]}""");

        Assert.Contains("'stepId'", error);
        Assert.Contains("array", error);
    }

    [Fact]
    public void Rec_id_longer_than_max_is_refused_not_thrown()
    {
        var json = $$"""{"recId": "{{new string('x', RecId.MaxLength + 1)}}", "stepId": "1"}""";

        Assert.Contains("RecId", ParseError(json));
    }

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("-1")]
    [InlineData("\"-1764864000\"")]
    [InlineData("99999999999")]
    [InlineData("\"2300-01-01T00:00:00Z\"")]
    public void Bad_timestamp_is_refused(string timestamp)
    {
        var error = ParseError($$"""{"recId": "r", "stepId": "1", "timestamp": {{timestamp}}}""");

        Assert.Contains("'timestamp'", error);
    }

    [Theory]
    [InlineData("""{"recId": "a", "RECID": "b", "stepId": "1"}""", "RECID")]
    [InlineData("""{"recId": "a", "stepId": "1", "StepId": "1"}""", "StepId")]
    [InlineData("""{"recId": "a", "stepId": "1", "timestamp": 1, "TIMESTAMP": 1}""", "TIMESTAMP")]
    public void Duplicate_context_key_differing_only_in_case_is_refused(string json, string duplicate)
    {
        var error = ParseError(json);

        Assert.Contains($"'{duplicate}'", error);
        Assert.Contains("more than once", error);
    }

    [Fact]
    public void Duplicate_contact_key_is_refused()
    {
        var error = ParseError("""{"recId": "a", "stepId": "1", "First Name": "Dana", "First Name": "Lee"}""");

        Assert.Contains("'First Name'", error);
        Assert.Contains("more than once", error);
    }

    /// <summary>Structural equality with property order, names, strings and number text compared exactly.</summary>
    internal static void AssertJsonEqual(string expected, string actual)
    {
        using var expectedDocument = JsonDocument.Parse(expected);
        using var actualDocument = JsonDocument.Parse(actual);
        AssertElementEqual(expectedDocument.RootElement, actualDocument.RootElement, "$");
    }

    private static void AssertElementEqual(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(expected.ValueKind == actual.ValueKind,
            $"{path}: expected {expected.ValueKind}, got {actual.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedProperties = expected.EnumerateObject().ToArray();
                var actualProperties = actual.EnumerateObject().ToArray();
                Assert.Equal(expectedProperties.Select(p => p.Name), actualProperties.Select(p => p.Name));
                for (var i = 0; i < expectedProperties.Length; i++)
                    AssertElementEqual(expectedProperties[i].Value, actualProperties[i].Value, $"{path}.{expectedProperties[i].Name}");
                break;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                for (var i = 0; i < expected.GetArrayLength(); i++)
                    AssertElementEqual(expected[i], actual[i], $"{path}[{i}]");
                break;
            case JsonValueKind.String:
                Assert.Equal(expected.GetString(), actual.GetString());
                break;
            case JsonValueKind.Number:
                Assert.Equal(expected.GetRawText(), actual.GetRawText());
                break;
        }
    }
}
