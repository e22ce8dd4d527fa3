#define BOOST_TEST_MODULE whatsapp_corpus
#include <boost/test/unit_test.hpp>
#include <cstddef>
#include <map>
#include <set>
#include <string>

#include "channels/whatsapp_cloud/whatsapp_channel.h"
#include "support/test_support.h"

// Every webhook body in shared/corpus/whatsapp parses, with counts taken by reading each file by hand
// (not by running the parser). When a file is added upstream, this table must grow with it.

using crmsync::EventKind;
using crmsync::channels::whatsapp::WhatsappChannel;
namespace test = crmsync::test;

namespace {

struct Expected {
  std::size_t events;
  std::size_t ignored;
  const char* firstKind;          // "message", "status" or "" when there are no events
  const char* firstTypeOrStatus;  // message type, or status for a status event
  const char* firstIgnoredField;  // "" when nothing is ignored
};

Expected msg(const char* type) { return {1, 0, "message", type, ""}; }
Expected status(const char* value) { return {1, 0, "status", value, ""}; }
Expected ignored(const char* field) { return {0, 1, "", "", field}; }

const std::map<std::string, Expected>& table() {
  static const std::map<std::string, Expected> rows = {
      {"pywa/account_update__account_deleted.json", ignored("account_update")},
      {"pywa/account_update__account_disabled.json", ignored("account_update")},
      {"pywa/account_update__account_offboarded.json", ignored("account_update")},
      {"pywa/account_update__account_reconnected.json", ignored("account_update")},
      {"pywa/account_update__account_restriction.json", ignored("account_update")},
      {"pywa/account_update__account_violation.json", ignored("account_update")},
      {"pywa/account_update__ad_account_linked.json", ignored("account_update")},
      {"pywa/account_update__authentication_international_eligibility.json", ignored("account_update")},
      {"pywa/account_update__mm_api_for_wa_terms_of_service.json", ignored("account_update")},
      {"pywa/account_update__partner_added.json", ignored("account_update")},
      {"pywa/account_update__partner_app_installed.json", ignored("account_update")},
      {"pywa/account_update__partner_app_uninstalled.json", ignored("account_update")},
      {"pywa/account_update__partner_led_business_verification_status.json", ignored("account_update")},
      {"pywa/account_update__partner_removed.json", ignored("account_update")},
      {"pywa/account_update__partner_removed_wa_app_disconnection.json", ignored("account_update")},
      {"pywa/account_update__pricing_tiering_update.json", ignored("account_update")},
      {"pywa/account_update__primary_business_location_set.json", ignored("account_update")},
      {"pywa/call_connect__business_initiated.json", ignored("calls")},
      {"pywa/call_connect__user_initiated.json", ignored("calls")},
      {"pywa/call_permission_update__accept.json", msg("interactive")},
      {"pywa/call_permission_update__reject.json", msg("interactive")},
      {"pywa/call_status__call_status.json", ignored("calls")},
      {"pywa/call_terminate__call_terminate.json", ignored("calls")},
      {"pywa/callback_button__button.json", msg("interactive")},
      {"pywa/callback_button__quick_reply.json", msg("button")},
      {"pywa/callback_button__quick_reply_without_context.json", msg("button")},
      {"pywa/callback_selection__callback.json", msg("interactive")},
      {"pywa/callback_selection__description.json", msg("interactive")},
      {"pywa/deleted_message__revoke.json", msg("revoke")},
      {"pywa/edited_message__image.json", msg("edit")},
      {"pywa/flow_completion__completion.json", msg("interactive")},
      {"pywa/flow_completion__without_flow_token.json", msg("interactive")},
      {"pywa/message__animated_sticker.json", msg("sticker")},
      {"pywa/message__audio.json", msg("audio")},
      {"pywa/message__chosen_location.json", msg("location")},
      {"pywa/message__contacts.json", msg("contacts")},
      {"pywa/message__current_location.json", msg("location")},
      {"pywa/message__document.json", msg("document")},
      {"pywa/message__forwarded.json", msg("text")},
      {"pywa/message__forwarded_many_times.json", msg("text")},
      {"pywa/message__image.json", msg("image")},
      {"pywa/message__interactive_message_with_err.json", msg("interactive")},
      {"pywa/message__media_with_url.json", msg("image")},
      {"pywa/message__order.json", msg("order")},
      {"pywa/message__reaction.json", msg("reaction")},
      {"pywa/message__referral.json", msg("text")},
      {"pywa/message__reply.json", msg("text")},
      {"pywa/message__static_sticker.json", msg("sticker")},
      {"pywa/message__text.json", msg("text")},
      {"pywa/message__unreaction_empty.json", msg("reaction")},
      {"pywa/message__unreaction_no_emoji.json", msg("reaction")},
      {"pywa/message__unsupported.json", msg("unsupported")},
      {"pywa/message__unsupported_with_type.json", msg("unsupported")},
      {"pywa/message__video.json", msg("video")},
      {"pywa/message__voice.json", msg("audio")},
      {"pywa/message_status__delivered.json", status("delivered")},
      {"pywa/message_status__failed.json", status("failed")},
      {"pywa/message_status__group.json", status("read")},
      {"pywa/message_status__played.json", status("played")},
      {"pywa/message_status__read.json", status("read")},
      {"pywa/message_status__sent.json", status("sent")},
      {"pywa/message_status__with_tracker.json", status("sent")},
      {"pywa/outgoing_message__delete.json", msg("revoke")},
      {"pywa/outgoing_message__edit.json", msg("edit")},
      {"pywa/outgoing_message__text.json", msg("text")},
      {"pywa/system__identity_change.json", msg("system")},
      {"pywa/system__phone_number_change.json", msg("system")},
      {"pywa/template_category_update__marketing.json", ignored("template_category_update")},
      {"pywa/template_components_update__element.json", ignored("message_template_components_update")},
      {"pywa/template_quality_update__yellow.json", ignored("message_template_quality_update")},
      {"pywa/template_status_update__approved.json", ignored("message_template_status_update")},
      {"pywa/template_status_update__rejected.json", ignored("message_template_status_update")},
      {"pywa/user_marketing_preferences__resume.json", ignored("user_preferences")},
      {"pywa/user_marketing_preferences__signup.json", ignored("user_preferences")},
      {"piusalfred-go/business__TestDefect001_TemplateStatusUpdate_NilReason__L115.json",
       ignored("message_template_status_update")},
      {"piusalfred-go/calls__TestCallRecordingAvailable_WebhookParsing__L1798.json", ignored("calls")},
      {"piusalfred-go/calls__TestCallTranscriptionAvailable_WebhookParsing__L2002.json", ignored("calls")},
      {"piusalfred-go/listener__validWebhookBody__L77.json", msg("text")},
      {"piusalfred-go/router__TestMiddlewareIsolation_VerificationDoesNotLeakToWebhook__L239.json", msg("text")},
      {"piusalfred-go/router__TestMiddlewareOrdering_WebhookRoute__L160.json", {0, 0, "", "", ""}},
      {"piusalfred-go/webhooks__TestHandler_UnrecognizedField_DefaultSilent__L1806.json", ignored("unknown_field_xyz")},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_ButtonMessage__L673.json", msg("button")},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_ButtonReply__L835.json", msg("interactive")},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_DeletedMessageUnsupported__L1234.json",
       msg("unsupported")},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_GroupLifecycleUpdate__L1411.json",
       ignored("group_lifecycle_update")},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_GroupParticipantsUpdate__L1494.json",
       ignored("group_participants_update")},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_GroupSettingsUpdate__L1576.json",
       ignored("group_settings_update")},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_GroupStatusUpdate__L1672.json",
       ignored("group_status_update")},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_ListReply__L752.json", msg("interactive")},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_MultipleChangeValues1__L460.json",
       {4, 1, "message", "text", "user_preferences"}},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_MultipleChangeValues__L328.json",
       {1, 1, "message", "text", "user_preferences"}},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_MultipleMessages__L222.json",
       {2, 0, "message", "text", ""}},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_PhoneNumberSettingsUpdate__L1311.json",
       ignored("account_settings_update")},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_ProductInquiry__L1005.json", msg("text")},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_ReferralMessage__L919.json", msg("text")},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_StatusSent__L1148.json", status("sent")},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_UnrecognizedField__L1749.json",
       ignored("automatic_events")},
      {"piusalfred-go/webhooks__TestListener_HandleNotification_UserChangedNumber__L1084.json", msg("system")},
  };
  return rows;
}

std::string relativeName(const std::filesystem::path& file) {
  return file.parent_path().filename().string() + "/" + file.filename().string();
}

}  // namespace

BOOST_AUTO_TEST_CASE(table_covers_exactly_the_corpus) {
  std::set<std::string> onDisk;
  for (const auto& file : test::corpusFiles("whatsapp")) onDisk.insert(relativeName(file));
  BOOST_TEST(onDisk.size() == 98u);
  for (const auto& [name, expected] : table()) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST(onDisk.count(name) == 1u); }
  }
  for (const auto& name : onDisk) {
    BOOST_TEST_CONTEXT(name) { BOOST_TEST(table().count(name) == 1u); }
  }
}

BOOST_AUTO_TEST_CASE(every_corpus_file_parses_with_the_expected_counts) {
  WhatsappChannel channel("app-secret", "verify-token");
  for (const auto& file : test::corpusFiles("whatsapp")) {
    std::string name = relativeName(file);
    BOOST_TEST_CONTEXT(name) {
      auto row = table().find(name);
      BOOST_REQUIRE(row != table().end());
      const Expected& expected = row->second;
      auto result = channel.parse(test::readFile(file));
      BOOST_TEST_REQUIRE(result.ok, name << ": " << result.error);
      BOOST_TEST(result.error.empty());
      BOOST_TEST(result.events.size() == expected.events);
      BOOST_TEST(result.ignored.size() == expected.ignored);
      if (!result.events.empty()) {
        const auto& first = result.events.front();
        bool isStatus = first.kind == EventKind::kStatus;
        BOOST_TEST(std::string(isStatus ? "status" : "message") == expected.firstKind);
        BOOST_TEST((isStatus ? first.status : first.type) == expected.firstTypeOrStatus);
        BOOST_TEST(first.channel == "whatsapp");
        BOOST_TEST(!first.providerId.empty());
        BOOST_TEST(!first.counterpart.empty());
      }
      if (!result.ignored.empty()) {
        BOOST_TEST(result.ignored.front().field == expected.firstIgnoredField);
        BOOST_TEST(!result.ignored.front().reason.empty());
      }
    }
  }
}
