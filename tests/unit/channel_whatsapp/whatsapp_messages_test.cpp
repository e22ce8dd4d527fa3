#define BOOST_TEST_MODULE whatsapp_messages
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "unit/channel_whatsapp/whatsapp_test_helpers.h"

// Field-level mapping of inbound content messages (text, media, location, contacts, order, system, edit, ...),
// one representative corpus file per type.

using crmsync::Direction;
using crmsync::Event;
using crmsync::EventKind;
using crmsync::Identifier;
using crmsync::IdentifierKind;
using crmsync::ParseResult;
using namespace crmsync::test::whatsapp;
namespace test = crmsync::test;

BOOST_AUTO_TEST_CASE(text_message_common_fields) {
  Event e = pywa("message__text");
  BOOST_TEST((e.kind == EventKind::kMessage));
  BOOST_TEST(e.channel == "whatsapp");
  BOOST_TEST(e.providerId == "wamid.xyzxyz");
  BOOST_TEST((e.direction == Direction::kInbound));
  BOOST_TEST(e.businessNumber == "972123456789");
  BOOST_TEST(e.businessAccountId == "1122334455667");
  BOOST_TEST_REQUIRE(e.counterpart.size() == 2u);
  BOOST_TEST((e.counterpart[0] == kClientPhone));
  BOOST_TEST((e.counterpart[1] == kClientBsuid));
  BOOST_TEST(e.profileName == "Test Name");
  BOOST_TEST(e.timestamp == 1697043223);
  BOOST_TEST(e.type == "text");
  BOOST_TEST(e.text == "Body Text");
  BOOST_TEST(e.media.empty());
  BOOST_TEST(e.replyTo.empty());
  BOOST_TEST(!e.forwarded);
  BOOST_TEST(e.status.empty());
  BOOST_TEST(e.dedupeKey() == "whatsapp:msg:wamid.xyzxyz");
}

BOOST_AUTO_TEST_CASE(image_without_and_with_url) {
  Event e = pywa("message__image");
  BOOST_TEST(e.type == "image");
  BOOST_TEST_REQUIRE(e.media.size() == 1u);
  BOOST_TEST(e.media[0].id == "65463453");
  BOOST_TEST(e.media[0].mimeType == "image/jpeg");
  BOOST_TEST(e.media[0].sha256 == "4654+8g=");
  BOOST_TEST(e.media[0].url.empty());
  BOOST_TEST(e.text.empty());
  Event withUrl = pywa("message__media_with_url");
  BOOST_TEST_REQUIRE(withUrl.media.size() == 1u);
  BOOST_TEST(withUrl.media[0].url ==
             "https://lookaside.fbsbx.com/whatsapp_business/attachments/"
             "?mid=65463453&source=webhook&ext=487r9re&hash=heiwchueowbcew-dnedcw");
}

BOOST_AUTO_TEST_CASE(video_caption_and_forwarded) {
  Event e = pywa("message__video");
  BOOST_TEST(e.type == "video");
  BOOST_TEST(e.text == "caption");
  BOOST_TEST_REQUIRE(e.media.size() == 1u);
  BOOST_TEST(e.media[0].id == "765756756");
  BOOST_TEST(e.media[0].mimeType == "video/mp4");
  BOOST_TEST(e.forwarded);
}

BOOST_AUTO_TEST_CASE(document_filename_and_caption) {
  Event e = pywa("message__document");
  BOOST_TEST(e.type == "document");
  BOOST_TEST(e.text == "caption");
  BOOST_TEST_REQUIRE(e.media.size() == 1u);
  BOOST_TEST(e.media[0].filename == "filename.pdf");
  BOOST_TEST(e.media[0].mimeType == "application/pdf");
  BOOST_TEST(e.media[0].id == "1234567890987654321");
}

BOOST_AUTO_TEST_CASE(audio_and_voice) {
  Event audio = pywa("message__audio");
  BOOST_TEST(audio.type == "audio");
  BOOST_TEST_REQUIRE(audio.media.size() == 1u);
  BOOST_TEST(audio.media[0].mimeType == "audio/ogg; codecs=opus");
  BOOST_TEST(audio.details.at("voice") == false);
  Event voice = pywa("message__voice");
  BOOST_TEST(voice.type == "audio");
  BOOST_TEST(voice.details.at("voice") == true);
  BOOST_TEST_REQUIRE(voice.media.size() == 1u);
  BOOST_TEST(voice.media[0].sha256 == "m04pFf2ERdaopTyFkGPA0+bX3i+YY2dYgVFwOgDLSDI=");
}

BOOST_AUTO_TEST_CASE(static_and_animated_stickers) {
  Event still = pywa("message__static_sticker");
  BOOST_TEST(still.type == "sticker");
  BOOST_TEST(still.details.at("animated") == false);
  BOOST_TEST_REQUIRE(still.media.size() == 1u);
  BOOST_TEST(still.media[0].mimeType == "image/webp");
  Event animated = pywa("message__animated_sticker");
  BOOST_TEST(animated.details.at("animated") == true);
  BOOST_TEST(animated.timestamp == 1697043785);
}

BOOST_AUTO_TEST_CASE(chosen_location_with_name_and_address) {
  Event e = pywa("message__chosen_location");
  BOOST_TEST(e.type == "location");
  const auto& location = e.details.at("location");
  BOOST_TEST(location.at("latitude").get<double>() == 37.4611978);
  BOOST_TEST(location.at("longitude").get<double>() == -122.2164385);
  BOOST_TEST(location.at("name") == "Facebook HQ");
  BOOST_TEST(location.at("address") == "1 Hacker Way, Menlo Park, CA 94025");
  BOOST_TEST(location.at("url") == "https://maps.google.com/?cid=2000000000000000000");
  BOOST_TEST(e.text == "Facebook HQ, 1 Hacker Way, Menlo Park, CA 94025 (37.4611978, -122.2164385)");
}

BOOST_AUTO_TEST_CASE(current_location_coordinates_only) {
  Event e = pywa("message__current_location");
  const auto& location = e.details.at("location");
  BOOST_TEST(location.at("latitude").get<double>() == 12.25089);
  BOOST_TEST(location.at("longitude").get<double>() == 43.90539);
  BOOST_TEST(!location.contains("name"));
  BOOST_TEST(e.text == "12.25089, 43.90539");
}

BOOST_AUTO_TEST_CASE(contacts_card_list) {
  Event e = pywa("message__contacts");
  BOOST_TEST(e.type == "contacts");
  const auto& cards = e.details.at("contacts");
  BOOST_TEST_REQUIRE(cards.size() == 3u);
  BOOST_TEST(cards[0].at("name").at("formatted_name") == "Chandler Bing");
  BOOST_TEST(cards[2].at("phones")[0].at("type") == "WORK");
  BOOST_TEST(e.text == "Chandler Bing (+1 555-555-5555); Monica (+1 666-666-6666); Rachel Green (+1 777-777-7777)");
  // The message's own contacts[] are cards it carries, not the sender's card: the sender stays the client.
  BOOST_TEST((e.counterpart.at(0) == kClientPhone));
}

BOOST_AUTO_TEST_CASE(order_items) {
  Event e = pywa("message__order");
  BOOST_TEST(e.type == "order");
  const auto& order = e.details.at("order");
  BOOST_TEST(order.at("catalog_id") == "354160437058781");
  BOOST_TEST_REQUIRE(order.at("product_items").size() == 3u);
  BOOST_TEST(order.at("product_items")[0].at("product_retailer_id") == "HAMBURGER");
  BOOST_TEST(order.at("product_items")[0].at("quantity") == 3);
  BOOST_TEST(order.at("text") == "");
  BOOST_TEST(e.text.empty());
}

BOOST_AUTO_TEST_CASE(referral_from_an_ad) {
  Event e = pywa("message__referral");
  BOOST_TEST(e.providerId == "wamid.ID");
  BOOST_TEST(e.text == "BODY");
  BOOST_TEST(e.details.at("referral").at("ctwa_clid") == "CTWA_CLID");
  BOOST_TEST(e.details.at("referral").at("source_id") == "ADID");
  BOOST_TEST(e.details.at("referral").at("headline") == "AD_TITLE");
  Event pius2 = pius("webhooks__TestListener_HandleNotification_ReferralMessage__L919");
  BOOST_TEST(pius2.details.at("referral").at("ctwa_clid") == "CTWA_ABC");
  BOOST_TEST(pius2.text == "Hi from an ad click!");
}

BOOST_AUTO_TEST_CASE(reply_context) {
  Event e = pywa("message__reply");
  BOOST_TEST(e.replyTo == "wamid.xyzxyz==");
  BOOST_TEST(e.details.at("context").at("from") == "972123456789");
  BOOST_TEST(!e.forwarded);
  BOOST_TEST(e.text == "replied text");
  Event inquiry = pius("webhooks__TestListener_HandleNotification_ProductInquiry__L1005");
  BOOST_TEST(inquiry.replyTo == "wamid.IDCONTEXT1");
  BOOST_TEST(inquiry.details.at("context").at("referred_product").at("product_retailer_id") == "SKU-1234");
}

BOOST_AUTO_TEST_CASE(forwarded_and_frequently_forwarded) {
  Event once = pywa("message__forwarded");
  BOOST_TEST(once.forwarded);
  BOOST_TEST(once.replyTo.empty());
  BOOST_TEST(once.text == "forwarded text");
  Event many = pywa("message__forwarded_many_times");
  BOOST_TEST(many.forwarded);
  BOOST_TEST(many.details.at("context").at("frequently_forwarded") == true);
}

BOOST_AUTO_TEST_CASE(system_user_changed_number) {
  Event e = pywa("system__phone_number_change");
  BOOST_TEST(e.type == "system");
  BOOST_TEST(e.text == "User A changed from 972987654321 to 972912345678");
  BOOST_TEST(e.details.at("system").at("type") == "user_changed_number");
  BOOST_TEST(e.details.at("system").at("wa_id") == "972912345678");
  // No contacts[] on system messages: the counterpart is the old number, nothing more.
  BOOST_TEST_REQUIRE(e.counterpart.size() == 1u);
  BOOST_TEST((e.counterpart[0] == kClientPhone));
  BOOST_TEST(e.profileName.empty());
  Event older = pius("webhooks__TestListener_HandleNotification_UserChangedNumber__L1084");
  BOOST_TEST(older.details.at("system").at("wa_id") == "15550003333");  // from `new_wa_id`
}

BOOST_AUTO_TEST_CASE(system_customer_identity_changed) {
  Event e = pywa("system__identity_change");
  BOOST_TEST(e.details.at("system").at("type") == "customer_identity_changed");
  BOOST_TEST(e.details.at("system").at("identity").at("hash") == "xyzxyz");
  BOOST_TEST(e.details.at("system").at("identity").at("acknowledged") == true);
  BOOST_TEST(e.text == "User identity changed");
  BOOST_TEST(e.profileName == "User A");
}

BOOST_AUTO_TEST_CASE(unsupported_messages) {
  Event e = pywa("message__unsupported");
  BOOST_TEST(e.type == "unsupported");
  BOOST_TEST(e.text.empty());
  BOOST_TEST_REQUIRE(e.details.at("errors").size() == 1u);
  BOOST_TEST(e.details.at("errors")[0].at("code") == 131051);
  BOOST_TEST(e.details.at("errors")[0].at("title") == "Message type unknown");
  Event typed = pywa("message__unsupported_with_type");
  BOOST_TEST(typed.details.at("unsupported").at("type") == "pool");
  Event pius2 = pius("webhooks__TestListener_HandleNotification_DeletedMessageUnsupported__L1234");
  BOOST_TEST(pius2.details.at("errors")[0].at("title") == "Unsupported message type");
}

BOOST_AUTO_TEST_CASE(edit_takes_content_from_the_nested_message) {
  Event e = pywa("edited_message__image");
  BOOST_TEST(e.type == "edit");
  BOOST_TEST(e.details.at("edit").at("original_message_id") ==
             "wamid.HBgLMTQxMjU1NTA4MjkVAgASGBQzQUNCNjk5RDUwNUZGMUZEM0VBRAA=");
  BOOST_TEST(e.details.at("edit").at("type") == "image");
  BOOST_TEST(e.text == "Updated image caption");
  BOOST_TEST_REQUIRE(e.media.size() == 1u);
  BOOST_TEST(e.media[0].id == "1234567890");
  BOOST_TEST(e.media[0].url == "https://media.example.com/updated-image.jpg");
  BOOST_TEST(e.timestamp == 1749854575);
  BOOST_TEST_REQUIRE(e.counterpart.size() == 1u);
  BOOST_TEST((e.counterpart[0] == Identifier{IdentifierKind::kPhone, "+16505551234"}));
}

BOOST_AUTO_TEST_CASE(revoke_with_placeholder_numbers) {
  Event e = pywa("deleted_message__revoke");
  BOOST_TEST(e.type == "revoke");
  BOOST_TEST(e.providerId == "<WHATSAPP_MESSAGE_ID>");
  BOOST_TEST(e.details.at("revoke").at("original_message_id") == "<ORIGINAL_WHATSAPP_MESSAGE_ID>");
  BOOST_TEST(e.businessNumber == "<BUSINESS_DISPLAY_PHONE_NUMBER>");
  // Not digits: kept as written, for core to classify as phone_raw.
  BOOST_TEST_REQUIRE(e.counterpart.size() == 1u);
  BOOST_TEST((e.counterpart[0] == Identifier{IdentifierKind::kPhone, "<WHATSAPP_USER_PHONE_NUMBER>"}));
}
