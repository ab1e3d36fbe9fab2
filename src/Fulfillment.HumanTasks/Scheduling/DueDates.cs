namespace Fulfillment.HumanTasks.Scheduling;

/// <summary>Due-date arithmetic for tasks: plain durations or durations in business days.</summary>
public static class DueDates
{
    /// <summary>Adds <paramref name="duration"/> to <paramref name="anchor"/>, optionally counting only business days.</summary>
    /// <remarks>
    /// <para>With <paramref name="businessDays"/> <see langword="false"/> the result is simply
    /// <c>anchor + duration</c>.</para>
    /// <para>With <paramref name="businessDays"/> <see langword="true"/>, Monday to Friday are business
    /// days and Saturday and Sunday are not; there is no holiday calendar. Days of the week are those of
    /// the anchor's own offset (UTC in this system), and the result keeps that offset.</para>
    /// <list type="number">
    /// <item>An anchor on a Saturday or Sunday first moves to the following Monday at the same time of
    /// day (Saturday 09:00 → Monday 09:00).</item>
    /// <item>Each whole day of the duration (<see cref="TimeSpan.Days"/>) then advances to the next
    /// business day at the same time of day, skipping weekends (Friday 10:00 + 1 day → Monday 10:00;
    /// Thursday 10:00 + 3 days → Tuesday 10:00).</item>
    /// <item>The rest of the duration (hours, minutes, …) is added as elapsed time; if that lands on a
    /// weekend, the result moves on to Monday at the same time of day, so weekend hours never count
    /// (Friday 20:00 + 6 hours → Monday 02:00).</item>
    /// </list>
    /// <para>So a zero duration returns a weekday anchor unchanged and moves a weekend anchor to
    /// Monday.</para>
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="duration"/> is negative, or the result is beyond <see cref="DateTimeOffset.MaxValue"/>.
    /// </exception>
    public static DateTimeOffset Add(DateTimeOffset anchor, TimeSpan duration, bool businessDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);

        if (!businessDays)
        {
            return anchor + duration;
        }

        var due = SkipWeekend(anchor);

        // Five business days are always one calendar week from a weekday; step through the rest.
        var days = duration.Days;
        due = due.AddDays(days / 5 * 7.0);
        for (var i = 0; i < days % 5; i++)
        {
            due = SkipWeekend(due.AddDays(1));
        }

        return SkipWeekend(due + (duration - TimeSpan.FromDays(days)));
    }

    /// <summary>Moves a Saturday or Sunday to the following Monday at the same time of day.</summary>
    private static DateTimeOffset SkipWeekend(DateTimeOffset moment) => moment.DayOfWeek switch
    {
        DayOfWeek.Saturday => moment.AddDays(2),
        DayOfWeek.Sunday => moment.AddDays(1),
        _ => moment,
    };
}
