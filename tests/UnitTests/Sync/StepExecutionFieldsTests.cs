using ActOnSync.Application.Sync;
using ActOnSync.Domain.StepExecutions;

namespace ActOnSync.UnitTests.Sync;

public sealed class StepExecutionFieldsTests
{
    private const string Contact = """
        {"E-mail Address": "dana.lee@example.com", "First Name": "Dana", "Lead Score": 42, "Ratio": 0.50,
         "Opted In": true, "Opted Out": false, "Address": {"City": "Austin", "Zip": "78701"}, "Tags": ["a", "b"],
         "Fax": null, "Empty": ""}
        """;

    private static string? Lookup(string name, ClaimedJob? job = null) =>
        new StepExecutionFields(job ?? SyncFixtures.Job(Contact)).Lookup(name);

    [Theory]
    [InlineData("recId", "l-0001:1")]
    [InlineData("RECID", "l-0001:1")]
    [InlineData("stepId", "3")]
    [InlineData("STEPID", "3")]
    [InlineData("programId", "p-0042")]
    [InlineData("name", "MQL handoff")]
    [InlineData("Name", "MQL handoff")]
    [InlineData("stepName", "Send to CRM")]
    [InlineData("description", "Hand MQLs to sales")]
    [InlineData("externalId", "ext-7")]
    [InlineData("crmLink", "https://crm.example.com/lead/1")]
    [InlineData("automatedProgramLink", "https://act-on.example.com/ap/p-0042")]
    [InlineData("CONTACTREPORTLINK", "https://act-on.example.com/contact/l-0001:1")]
    [InlineData("timestamp", "2025-12-04T16:00:00.0000000+00:00")]
    public void Context_fields_are_read_by_name_ignoring_case(string name, string expected) =>
        Assert.Equal(expected, Lookup(name));

    [Fact]
    public void Timestamp_is_null_when_the_execution_time_is_unknown() =>
        Assert.Null(Lookup("timestamp", SyncFixtures.Job(Contact) with { ExecutedAt = null }));

    [Fact]
    public void Context_field_that_was_not_sent_is_null() =>
        Assert.Null(Lookup("programId", SyncFixtures.Job(Contact) with { Context = new ProgramContext() }));

    [Theory]
    [InlineData("E-mail Address", "dana.lee@example.com")]
    [InlineData("First Name", "Dana")]
    [InlineData("Empty", "")]
    public void Contact_fields_are_read_by_exact_name_including_spaces(string name, string expected) =>
        Assert.Equal(expected, Lookup(name));

    [Theory]
    [InlineData("e-mail address")]
    [InlineData("FIRST NAME")]
    [InlineData("E-mail  Address")]
    public void Contact_field_names_are_case_and_space_sensitive(string name) => Assert.Null(Lookup(name));

    [Theory]
    [InlineData("Lead Score", "42")]
    [InlineData("Ratio", "0.50")]
    [InlineData("Opted In", "true")]
    [InlineData("Opted Out", "false")]
    [InlineData("Address", """{"City": "Austin", "Zip": "78701"}""")]
    [InlineData("Tags", """["a", "b"]""")]
    public void Non_string_values_are_read_as_their_raw_JSON_text(string name, string expected) =>
        Assert.Equal(expected, Lookup(name));

    [Theory]
    [InlineData("Fax")]
    [InlineData("Unknown Field")]
    public void Null_and_unknown_fields_are_null(string name) => Assert.Null(Lookup(name));

    [Fact]
    public void Activity_names_the_program_and_step_and_links_back_to_Act_On()
    {
        var activity = StepExecutionFields.ActivityFor(SyncFixtures.Job());

        Assert.Equal("Act-On: MQL handoff – Send to CRM", activity.Subject);
        Assert.Equal(
            "Act-On contact l-0001:1 reached 'Send to CRM' (step 3) of 'MQL handoff' (program p-0042).\n" +
            "Program: https://act-on.example.com/ap/p-0042\n" +
            "Contact report: https://act-on.example.com/contact/l-0001:1",
            activity.Description);
        Assert.Equal(SyncFixtures.ExecutedAt, activity.OccurredAt);
        Assert.Equal(("p-0042", "MQL handoff", "3", "Send to CRM"),
            (activity.ProgramId, activity.ProgramName, activity.StepId, activity.StepName));
        Assert.Equal("https://act-on.example.com/ap/p-0042", activity.AutomatedProgramLink);
        Assert.Equal("https://act-on.example.com/contact/l-0001:1", activity.ContactReportLink);
    }

    [Fact]
    public void Activity_without_an_execution_time_occurs_at_receipt() =>
        Assert.Equal(SyncFixtures.ReceivedAt,
            StepExecutionFields.ActivityFor(SyncFixtures.Job() with { ExecutedAt = null }).OccurredAt);

    [Fact]
    public void Activity_without_names_falls_back_to_the_ids()
    {
        var job = SyncFixtures.Job() with { Context = new ProgramContext(ProgramId: "p-0042") };

        var activity = StepExecutionFields.ActivityFor(job);

        Assert.Equal("Act-On: p-0042 – step 3", activity.Subject);
        Assert.Equal("Act-On contact l-0001:1 reached 'step 3' (step 3) of 'p-0042' (program p-0042).", activity.Description);
    }

    [Fact]
    public void Activity_without_any_context_still_reads_well()
    {
        var job = SyncFixtures.Job() with { Context = new ProgramContext(AutomatedProgramLink: "", ContactReportLink: "") };

        var activity = StepExecutionFields.ActivityFor(job);

        Assert.Equal("Act-On: an Automated Program – step 3", activity.Subject);
        Assert.Equal("Act-On contact l-0001:1 reached 'step 3' (step 3) of 'an Automated Program'.", activity.Description);
    }
}
