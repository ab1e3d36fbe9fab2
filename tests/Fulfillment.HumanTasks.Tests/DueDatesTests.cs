using System.Globalization;
using Fulfillment.HumanTasks.Scheduling;

namespace Fulfillment.HumanTasks.Tests;

/// <remarks>Calendar used below (May 2024): Wed 1, Thu 2, Fri 3, Sat 4, Sun 5, Mon 6, Tue 7, … Fri 17, Mon 20.</remarks>
public sealed class DueDatesTests
{
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static TimeSpan Span(string constant) => TimeSpan.ParseExact(constant, "c", CultureInfo.InvariantCulture);

    [Theory]
    // The documented examples.
    [InlineData("Fri 10:00 + 1 business day = Mon 10:00", "2024-05-03T10:00:00Z", "1.00:00:00", "2024-05-06T10:00:00Z")]
    [InlineData("Thu 10:00 + 3 business days = Tue 10:00", "2024-05-02T10:00:00Z", "3.00:00:00", "2024-05-07T10:00:00Z")]
    [InlineData("Sat 09:00 → Mon 09:00, + 1 = Tue 09:00", "2024-05-04T09:00:00Z", "1.00:00:00", "2024-05-07T09:00:00Z")]
    [InlineData("Sun 09:00 → Mon 09:00, + 1 = Tue 09:00", "2024-05-05T09:00:00Z", "1.00:00:00", "2024-05-07T09:00:00Z")]
    // Spans crossing several weekends.
    [InlineData("Thu 2 + 10 business days crosses two weekends = Thu 16", "2024-05-02T10:00:00Z", "10.00:00:00", "2024-05-16T10:00:00Z")]
    [InlineData("Fri 3 + 7 business days = Tue 14", "2024-05-03T08:00:00Z", "7.00:00:00", "2024-05-14T08:00:00Z")]
    [InlineData("Mon 6 + 15 business days = Mon 27", "2024-05-06T12:00:00Z", "15.00:00:00", "2024-05-27T12:00:00Z")]
    [InlineData("Within a week no weekend is skipped", "2024-05-06T12:00:00Z", "4.00:00:00", "2024-05-10T12:00:00Z")]
    // Zero duration.
    [InlineData("Wed + 0 = the anchor", "2024-05-01T10:00:00Z", "00:00:00", "2024-05-01T10:00:00Z")]
    [InlineData("Sat + 0 = Mon, same time", "2024-05-04T09:00:00Z", "00:00:00", "2024-05-06T09:00:00Z")]
    // Hours and minutes after the whole days.
    [InlineData("Mon 09:00 + 8 hours = Mon 17:00", "2024-05-06T09:00:00Z", "08:00:00", "2024-05-06T17:00:00Z")]
    [InlineData("Fri 20:00 + 6 hours lands on Sat 02:00 → Mon 02:00", "2024-05-03T20:00:00Z", "06:00:00", "2024-05-06T02:00:00Z")]
    [InlineData("Fri 23:30 + 30 minutes lands on Sat 00:00 → Mon 00:00", "2024-05-03T23:30:00Z", "00:30:00", "2024-05-06T00:00:00Z")]
    [InlineData("Fri 23:30 + 29 minutes stays on Friday", "2024-05-03T23:30:00Z", "00:29:00", "2024-05-03T23:59:00Z")]
    [InlineData("Thu 20:00 + 1 day 6 hours = Fri 20:00 + 6 hours → Mon 02:00", "2024-05-02T20:00:00Z", "1.06:00:00", "2024-05-06T02:00:00Z")]
    [InlineData("Fri 10:00 + 1 day 20 hours = Mon 10:00 + 20 hours = Tue 06:00", "2024-05-03T10:00:00Z", "1.20:00:00", "2024-05-07T06:00:00Z")]
    [InlineData("Sun 22:00 + 4 hours = Mon 22:00 + 4 hours = Tue 02:00", "2024-05-05T22:00:00Z", "04:00:00", "2024-05-07T02:00:00Z")]
    public void Business_days_skip_weekends(string because, string anchor, string duration, string expected)
    {
        var due = DueDates.Add(At(anchor), Span(duration), businessDays: true);

        due.ShouldBe(At(expected), because);
        due.Offset.ShouldBe(TimeSpan.Zero);
    }

    [Theory]
    [InlineData("Fri 23:00 local (Fri 21:00 UTC) + 1 = Mon 23:00 local", "2024-05-03T23:00:00+02:00", "1.00:00:00", "2024-05-06T23:00:00+02:00")]
    [InlineData("Sat 01:00 local (Fri 23:00 UTC) is a weekend: → Mon, + 1 = Tue 01:00 local", "2024-05-04T01:00:00+02:00", "1.00:00:00", "2024-05-07T01:00:00+02:00")]
    [InlineData("Fri 21:00 local (Sat 02:00 UTC) is a weekday: + 1 = Mon 21:00 local", "2024-05-03T21:00:00-05:00", "1.00:00:00", "2024-05-06T21:00:00-05:00")]
    public void Weekdays_are_those_of_the_anchors_own_offset(string because, string anchor, string duration, string expected)
    {
        var due = DueDates.Add(At(anchor), Span(duration), businessDays: true);

        due.ShouldBe(At(expected), because);
        due.Offset.ShouldBe(At(anchor).Offset);
    }

    [Theory]
    [InlineData("Fri 10:00 + 1 day = Sat 10:00", "2024-05-03T10:00:00Z", "1.00:00:00", "2024-05-04T10:00:00Z")]
    [InlineData("Sat 09:00 + 3 days 4 hours = Tue 13:00", "2024-05-04T09:00:00Z", "3.04:00:00", "2024-05-07T13:00:00Z")]
    [InlineData("Fri 20:00 + 6 hours = Sat 02:00", "2024-05-03T20:00:00Z", "06:00:00", "2024-05-04T02:00:00Z")]
    [InlineData("Sat + 0 = Sat", "2024-05-04T09:00:00Z", "00:00:00", "2024-05-04T09:00:00Z")]
    public void Without_business_days_the_duration_is_added_as_is(string because, string anchor, string duration, string expected)
    {
        DueDates.Add(At(anchor), Span(duration), businessDays: false).ShouldBe(At(expected), because);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_negative_duration_is_rejected(bool businessDays)
    {
        Should.Throw<ArgumentOutOfRangeException>(
            () => DueDates.Add(At("2024-05-01T10:00:00Z"), TimeSpan.FromMinutes(-1), businessDays));
    }

    [Fact]
    public void Whole_business_days_agree_with_counting_one_day_at_a_time()
    {
        // Every anchor over two weeks (weekends included) and 0..30 business days.
        for (var anchorDay = 0; anchorDay < 14; anchorDay++)
        {
            var anchor = At("2024-04-29T07:45:00Z").AddDays(anchorDay);
            for (var days = 0; days <= 30; days++)
            {
                var expected = anchor;
                while (IsWeekend(expected))
                {
                    expected = expected.AddDays(1);
                }

                for (var counted = 0; counted < days;)
                {
                    expected = expected.AddDays(1);
                    if (!IsWeekend(expected))
                    {
                        counted++;
                    }
                }

                DueDates.Add(anchor, TimeSpan.FromDays(days), businessDays: true)
                    .ShouldBe(expected, $"{anchor:ddd yyyy-MM-dd} + {days} business days");
            }
        }

        static bool IsWeekend(DateTimeOffset d) => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
    }
}
