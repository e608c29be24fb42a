//! Where a new vote belongs: its meeting, agenda item and matter, read from the store (votes does
//! not call into meetings or matters for this).

use crate::ops::{FlowProblem, OpError, OpResult};
use crate::store::{matters as matter_store, meetings as meeting_store};
use sqlx::SqliteConnection;

/// (meeting, agenda item, matter) of a new vote. An item that was not on the announced agenda
/// cannot be voted on (Beijing Art. 35, Hangzhou Art. 19); the matter defaults to the item's.
pub(crate) async fn vote_links(
    conn: &mut SqliteConnection,
    community_id: i64,
    item_id: Option<i64>,
    matter_id: Option<i64>,
) -> OpResult<(Option<i64>, Option<i64>, Option<i64>)> {
    let (mut meeting, mut matter) = (None, matter_id);
    if let Some(item_id) = item_id {
        let place = meeting_store::agenda_place(conn, item_id)
            .await?
            .filter(|p| p.community_id == community_id)
            .ok_or(OpError::Flow(FlowProblem::NoSuchItem(item_id)))?;
        if !place.announced || place.meeting_status == crate::domain::states::MeetingStatus::Draft {
            return Err(OpError::Flow(FlowProblem::NotOnAnnouncedAgenda));
        }
        meeting = Some(place.meeting_id);
        matter = matter.or(place.matter_id);
    }
    if let Some(id) = matter {
        matter_store::get(conn, id)
            .await?
            .filter(|x| x.community_id == community_id)
            .ok_or(OpError::Flow(FlowProblem::NoSuchMatter(id)))?;
    }
    Ok((meeting, item_id, matter))
}
