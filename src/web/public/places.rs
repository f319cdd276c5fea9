//! `GET /{lang}/places/{code}`: the units directly under a place, as the
//! `<option>`s of the next picker list, so that with JavaScript the lists
//! update in place. The gazetteer is public and fixed, so browsers may keep
//! the answer.

use actix_web::http::header::{CACHE_CONTROL, ContentType};
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::db::places;
use crate::domain::place::PlaceCode;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::page::Chrome;
use crate::web::public::report_page::{Choice, place_choices};

#[derive(Template)]
#[template(path = "public/place_options.html")]
struct PlaceOptions {
    c: Chrome,
    options: Vec<Choice>,
}

pub async fn children(
    c: Chrome,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let code = PlaceCode::parse(&path.1).map_err(|_| AppError::NotFound)?;
    let units = state
        .db
        .read(move |conn| places::children(conn, Some(&code)))
        .await?;
    if units.is_empty() {
        return Err(AppError::NotFound);
    }
    let options = place_choices(units, c.lang, "");
    Ok(HttpResponse::Ok()
        .content_type(ContentType::html())
        .insert_header((CACHE_CONTROL, "public, max-age=86400"))
        .body(PlaceOptions { c, options }.render()?))
}
