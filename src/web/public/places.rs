//! `GET /{lang}/places/{code}`: the units directly under a place, as the
//! `<option>`s of the next picker list, so that with JavaScript the lists
//! update in place. The gazetteer is public, but which list a phone fetched
//! names the district its owner chose: like every page, the answer is
//! never stored (`Cache-Control: no-store`, from `web::security_headers`).

use actix_web::http::header::ContentType;
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
        .body(PlaceOptions { c, options }.render()?))
}
